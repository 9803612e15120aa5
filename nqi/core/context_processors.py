"""Template context every page needs: the menu for the signed-in user, with the current entry marked."""

from nqi.core.navigation import menu_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_menu": [], "nav_active_url": ""}
    menu = menu_for(user)
    # The entry whose URL is the longest prefix of the current path is the active one.
    candidates = [item.url() for entry in menu for item in entry["items"]]
    matching = [url for url in candidates if url != "/" and request.path.startswith(url)]
    return {"nav_menu": menu, "nav_active_url": max(matching, key=len, default="")}
