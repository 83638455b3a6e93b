import asyncio
import sys

import django
from django.http import JsonResponse


async def healthz(request):
    # async view: runs natively on the ASGI event loop
    await asyncio.sleep(0)
    return JsonResponse({"status": "ok", "django": django.get_version(), "python": sys.version.split()[0]})
