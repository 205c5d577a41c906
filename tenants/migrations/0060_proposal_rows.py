"""A proposal's pairs and the people it leaves unpaired, one row each instead of one JSON text:
the board shows a page of a 1,000-pair draft without reading all of it. Proposals made before
this are moved into the rows."""
import json

from peewee import FloatField, ForeignKeyField, IntegerField, Model, TextField


def up(migrator, db):
    class User(Model):
        class Meta:
            table_name = "user"

    class PairingProposal(Model):
        pairs = TextField()
        unmatched = TextField()

        class Meta:
            table_name = "pairing_proposal"

    class ProposedPair(Model):
        proposal = ForeignKeyField(PairingProposal, on_delete="CASCADE")
        position = IntegerField()
        mentor = ForeignKeyField(User, on_delete="CASCADE")
        mentee = ForeignKeyField(User, on_delete="CASCADE")
        score = FloatField()
        details = TextField()

        class Meta:
            table_name = "proposed_pair"
            indexes = ((("proposal", "position"), False), (("proposal", "mentee"), True))

    class NotPaired(Model):
        proposal = ForeignKeyField(PairingProposal, on_delete="CASCADE")
        position = IntegerField()
        person = ForeignKeyField(User, on_delete="CASCADE")
        details = TextField()

        class Meta:
            table_name = "not_paired"
            indexes = ((("proposal", "position"), False),)

    models = [ProposedPair, NotPaired]
    with db.bind_ctx(models + [User, PairingProposal]):
        db.create_tables(models)
        people = {user_id for user_id, in User.select(User.id).tuples()}  # rows only for people still there
        for proposal_id, pairs, unmatched in PairingProposal.select(
                PairingProposal.id, PairingProposal.pairs, PairingProposal.unmatched).tuples():
            rows = [{"proposal": proposal_id, "position": n, "mentor": p["mentor_id"], "mentee": p["mentee_id"],
                     "score": p["score"], "details": json.dumps(p)}
                    for n, p in enumerate(json.loads(pairs)) if {p["mentor_id"], p["mentee_id"]} <= people]
            for start in range(0, len(rows), 500):
                ProposedPair.insert_many(rows[start:start + 500]).execute()
            left = [{"proposal": proposal_id, "position": n, "person": u["person_id"], "details": json.dumps(u)}
                    for n, u in enumerate(json.loads(unmatched)) if u["person_id"] in people]
            for start in range(0, len(left), 500):
                NotPaired.insert_many(left[start:start + 500]).execute()
    migrator.migrate(migrator.drop_column("pairing_proposal", "pairs"),
                     migrator.drop_column("pairing_proposal", "unmatched"))
