import django
from django.http import JsonResponse
from django.templatetags.static import static


def health(request):
    # The manifest storage resolves the hashed name: without collectstatic
    # at build time this raises "Missing staticfiles manifest entry".
    return JsonResponse({"status": "ok", "django": django.get_version(), "css": static("css/site.css")})
