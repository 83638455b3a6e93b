"""Run by the Procfile before the server, as release steps often are."""

import json
import pathlib
import tempfile

marker = pathlib.Path(tempfile.gettempdir()) / "prepared.json"
marker.write_text(json.dumps({"prepared": True}))
print(f"wrote {marker}")
