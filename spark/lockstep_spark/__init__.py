"""Lockstep's heavy O(events) stages on Apache Spark (see spark/README section in the main README)."""
