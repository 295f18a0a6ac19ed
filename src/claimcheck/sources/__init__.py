"""What the cited sources themselves say: fetched, read, matched, snapshotted, archived."""
