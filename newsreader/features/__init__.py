"""What readers do with an archive beyond search: feeds, export, trends, topics, upkeep."""
