"""A stage function that never reads its input: the server must not stall or crash writing it."""
import json

print(json.dumps({"ignored": True}))
