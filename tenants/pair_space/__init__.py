"""The pair space: where a mentor and a mentee run their relationship once they are paired
(charter, meetings, offers, goals, pulse and closing surveys), and the event log the phase
tracker reads."""
