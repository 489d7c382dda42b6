"""The pairing check: after a pair's first session each is asked, privately, "is this mentoring
working for you?". A "no" from either ends the mentorship without blame and keeps the two apart
in suggestions, requests and matching rounds from then on."""
