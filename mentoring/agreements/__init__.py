"""Mentoring agreements: the terms a pair agree when their mentorship starts (how often and how
they meet, how long it runs, what stays confidential, what each expects, the first goals), the
templates coordinators keep for them, and every later change as its own record. The agreed
meeting frequency and duration (`terms.Terms`) drive relationship health, nudges and pulses."""
