"""Words that say one thing: the programme manager's pins and forbids are decisions, a senior's
shortlist is an offer, goals are their own; and a pairing keeps its reasons with their structure."""
from peewee import TextField


def up(migrator, db):
    migrator.migrate(
        migrator.rename_table("pair_rule", "pair_decision"),
        migrator.rename_table("shortlist", "shortlist_offer"),
        migrator.rename_table("learning_goal", "goal"),
        migrator.add_column("pairing", "reasons", TextField(default="[]")),
    )
