"""A person's rights over what the programme holds about them (GDPR Art. 15–17): the programme
manager corrects a name or email and erases a person; everyone can download their own data."""
