import django
from django.http import JsonResponse


def health(request):
    return JsonResponse({"status": "ok", "django": django.get_version()})
