"""Drop the one-column indexes that a longer index already starts with (peewee makes one for
every foreign key): each costs every write, and every opening of a tenant's SQLite file parses
it (about 5 µs an index; a request to a tenant whose file is closed opens it)."""

COVERED = {  # index: the index that starts with its column and serves its lookups
    "profileskill_user_id": "profileskill_user_id_skill_id_direction",
    "pairrule_mentor_id": "pairrule_mentor_id_mentee_id",
    "charterversion_pairing_id": "charterversion_pairing_id_number",
    "chartersignature_version_id": "chartersignature_version_id_by",
    "closingsurvey_pairing_id": "closingsurvey_pairing_id_by",
    "pairingevent_pairing_id": "pairingevent_pairing_id_on",
    "pulseanswer_pairing_id": "pulseanswer_pairing_id_by_round",
    "phasechange_pairing_id": "phasechange_pairing_id_number",
    "certificate_pairing_id": "certificate_pairing_id_user_id",
    "notpaired_proposal_id": "notpaired_proposal_id_position",
    "proposedpair_proposal_id": "proposedpair_proposal_id_position",
}


def up(migrator, db):
    migrator.migrate(*(migrator.drop_index(name.split("_")[0], name) for name in COVERED))
