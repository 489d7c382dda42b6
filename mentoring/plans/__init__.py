"""Career plans: where a person is, where they want to be, the skills between (a
self-assessment against what the target role level asks), and the goals they set to close the
gaps. Private to the person; shared with their mentor only when they choose."""
