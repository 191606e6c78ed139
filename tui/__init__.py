"""newsdesk's Textual front end. Talks to the core only through its public API."""
