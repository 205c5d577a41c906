"""Everything held about a person, as JSON: theirs in full, their partner's private parts never."""
import json

from tests.pair_space.conftest import as_user
from tests.privacy.conftest import MAYA, MAYAS, ROBERT, ROBERTS, person_id


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.headers["Content-Type"].startswith("application/json")
    assert "attachment" in response.headers["Content-Disposition"]
    return response.get_data(as_text=True)


def test_a_participant_downloads_everything_held_about_them(app, maya, story):
    text = download(maya, "/t/acme/my-data.json")
    data = json.loads(text)
    assert data["you"]["name"] == MAYA[0] and data["you"]["email"] == MAYA[1]
    assert data["profile"]["answers"] == {"What would make this worthwhile?": MAYAS["answer"]}
    assert {s["skill"] for s in data["profile"]["skills"]} == {"AI tools", "Strategic thinking"}
    assert [g["text"] for g in data["goals"]] == [MAYAS["goal"]]
    (pairing,) = data["pairings"]
    assert pairing["your_role"] == "mentor" and pairing["partner"] == ROBERT[0]
    assert [n["text"] for m in pairing["meetings"] for n in m["your_notes"]] == [MAYAS["note"]]
    assert [a["comment"] for a in pairing["your_pulse_answers"]] == [MAYAS["pulse"]]
    assert [h["text"] for h in pairing["your_requests_for_help"]] == [MAYAS["help"]]
    assert pairing["offers"][0]["text"] == MAYAS["offer"] and pairing["offers"][0]["by"] == "you"
    assert len(data["certificates"]) == 1 and any(a["action"] == "signed in" for a in data["activity"])


def test_the_download_holds_none_of_the_partners_private_parts(app, maya, story):
    text = download(maya, "/t/acme/my-data.json")
    for private in ROBERTS.values():
        assert private not in text
    assert ROBERT[1] not in text and "pinned by the programme manager" not in text
    assert "Ivy Third" not in text and "hr@acme.example" not in text


def test_the_programme_manager_downloads_a_persons_data_for_them(app, admin, story):
    data = json.loads(download(admin, f"/t/acme/admin/people/{person_id(app, ROBERT[1])}/data.json"))
    assert data["you"]["email"] == ROBERT[1] and [g["text"] for g in data["goals"]] == [ROBERTS["goal"]]
    assert MAYAS["note"] not in json.dumps(data) and MAYAS["pulse"] not in json.dumps(data)


def test_a_participant_cannot_download_someone_elses_data(app, maya, story):
    assert maya.get(f"/t/acme/admin/people/{person_id(app, ROBERT[1])}/data.json").status_code == 403


def test_the_download_is_for_signed_in_participants_of_this_organisation(app, client, story):
    assert client.get("/t/acme/my-data.json").status_code == 302  # strangers are asked to sign in
    olga = as_user(app, "olga@other.example", slug="other")
    response = olga.get("/t/acme/my-data.json")
    assert response.status_code in (302, 403) and MAYA[1] not in response.get_data(as_text=True)
    assert json.loads(download(olga, "/t/other/my-data.json"))["you"]["email"] == "olga@other.example"


def test_the_profile_page_offers_the_download(app, maya, story):
    assert "/t/acme/my-data.json" in maya.get("/t/acme/profile").get_data(as_text=True)
