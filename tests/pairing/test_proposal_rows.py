"""Tenant migration 0060 moves the proposals made before it (their pairs and unpaired people, kept
as JSON) into rows, leaving out people deleted since."""
import json

from peewee import SqliteDatabase
from playhouse.migrations import Runner

from saas.schema import MIGRATIONS


def insert(db, table, **values):
    """A row with `values`, and a blank for every other column that must have one."""
    for _, name, kind, notnull, default, primary in db.execute_sql(f'PRAGMA table_info("{table}")').fetchall():
        if notnull and default is None and not primary and name not in values:
            values[name] = 0 if kind.upper() in ("INTEGER", "REAL") else ""
    columns = ", ".join(f'"{name}"' for name in values)
    cursor = db.execute_sql(f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join("?" * len(values))})',
                            list(values.values()))
    return cursor.lastrowid


def test_proposals_made_before_become_rows(tmp_path):
    db = SqliteDatabase(str(tmp_path / "tenant.sqlite3"), pragmas={"foreign_keys": 1})
    runner = Runner(db, str(MIGRATIONS["tenant"]))
    runner.up(target="0040_certificates")
    ids = [insert(db, "user", email=f"{name}@acme.example", name=name.title(), role=role)
           for name, role in (("maya", "mentor"), ("robert", "mentee"), ("sam", "mentor"), ("ivy", "mentee"))]
    maya, robert, sam, ivy = ids
    pairs = [{"mentor_id": maya, "mentee_id": robert, "score": 80.0, "reason": "AI tools", "reasons": []},
             {"mentor_id": sam, "mentee_id": 999, "score": 70.0, "reason": "gone since", "reasons": []}]
    unmatched = [{"person_id": ivy, "name": "Ivy", "role": "mentee", "rule": "no_partners", "reason": "nobody fits"}]
    proposal = insert(db, "pairing_proposal", created_by="hr@acme.example", mode="best_total", status="draft",
                      pairs=json.dumps(pairs), unmatched=json.dumps(unmatched))

    assert "0060_proposal_rows" in runner.up()
    rows = db.execute_sql("SELECT proposal_id, position, mentor_id, mentee_id, score, details FROM proposed_pair").fetchall()
    assert [row[:5] for row in rows] == [(proposal, 0, maya, robert, 80.0)]
    assert json.loads(rows[0][5]) == pairs[0]
    left = db.execute_sql("SELECT proposal_id, person_id, details FROM not_paired").fetchall()
    assert [(p, person, json.loads(details)) for p, person, details in left] == [(proposal, ivy, unmatched[0])]
    columns = {row[1] for row in db.execute_sql('PRAGMA table_info("pairing_proposal")').fetchall()}
    assert not {"pairs", "unmatched"} & columns
