"""The statistics pipeline keeps its state in Redis, not in the database: its models
(Tenant, Board, Rotation, KioskLink, alerts) moved to bpcc/, boards/ and screens/ and keep
their tables (`stats_*`)."""
