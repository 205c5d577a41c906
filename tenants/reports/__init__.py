"""The programme report: the programme manager's PDF of the whole programme (figures, charts,
outcomes, one line per pairing), built by a job and kept until the data it shows changes."""
