"""The Government Digital and Data Profession Capability Framework, as NHS digital staff use it:
role families, roles, role levels and the skills each level asks for, imported from the
framework's official download and extended by editors with NHS roles and Agenda for Change
bands. Public pages let anyone explore it; mentoring's career plans are built on it."""
