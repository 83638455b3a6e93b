"""A notes service: GET / lists the notes, POST / adds one."""
