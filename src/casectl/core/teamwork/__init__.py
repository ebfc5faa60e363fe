"""Working as a team: three-way merges of case files, notifications, the JSON Schemas."""
