"""What the navigation shows, per role. Other apps add pages in parallel, so every entry is a URL name
that is skipped while it does not reverse (no broken links, no NoReverseMatch on every page)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from backend.accounts.models import Role
from backend.redirects import safe_reverse

PUBLIC_LINKS = [
    (_("Suche"), "matching:search"),
    (_("Unternehmen"), "companies:directory"),
]

ROLE_LINKS = {
    Role.STUDENT: [
        (_("Meine Matches"), "matching:my_matches"),
        (_("Merkliste"), "seekers:favourites"),
        (_("Bewerbungen"), "seekers:applications"),
        (_("Profil"), "seekers:profile"),
        (_("Entdeckertage"), "entdeckertage:my_days"),
    ],
    Role.COMPANY: [
        (_("Mein Betrieb"), "companies:dashboard"),
        (_("Bewerbungseingang"), "seekers:company_inbox"),
        (_("Entdeckertage"), "entdeckertage:company_offers"),
    ],
    Role.TEACHER: [
        (_("Meine Klassen"), "seekers:teacher_classes"),
        (_("Entdeckertage"), "entdeckertage:teacher_classes"),
    ],
    Role.PARENT: [
        (_("Mein Kind"), "seekers:parent_home"),
        (_("Entdeckertage"), "entdeckertage:parent_days"),
    ],
    Role.STAFF: [
        (_("Unternehmen prüfen"), "companies:staff_queue"),
        (_("Monitoring"), "monitoring:dashboard"),
        (_("Administration"), "admin:index"),
        (_("Entdeckertage"), "entdeckertage:staff_season"),
    ],
}

# Where "Mein Bereich" leads, tried in order; the generic dashboard page is the fallback.
START_PAGES: dict[str, list[str]] = {
    Role.COMPANY: ["companies:dashboard"],
    Role.STUDENT: ["matching:my_matches", "seekers:profile"],
    Role.TEACHER: ["seekers:teacher_classes"],
    Role.PARENT: ["seekers:parent_home"],
    Role.STAFF: ["companies:staff_queue", "admin:index"],
}

FOOTER_LINKS = [
    (_("Leichte Sprache"), "frontend:easy_index"),
    (_("Datenschutz"), "frontend:privacy"),
    (_("Impressum"), "frontend:imprint"),
    (_("Datenquellen"), "frontend:data_sources"),
    (_("Statistik"), "monitoring:public"),
    (_("Barrierefreiheit"), "frontend:accessibility"),
    (_("API-Dokumentation"), "api-docs"),
]


# What a number next to a link means, for screen readers (the badge shows the number only).
BADGE_TEXTS = {
    "seekers:company_inbox": lambda n: ngettext("Bewerbung wartet auf Antwort", "Bewerbungen warten auf Antwort", n),
    "seekers:applications": lambda n: ngettext(
        "Angebot wartet auf deine Entscheidung", "Angebote warten auf deine Entscheidung", n
    ),
    "seekers:parent_home": lambda n: ngettext(
        "Bewerbung wartet auf deine Zustimmung", "Bewerbungen warten auf deine Zustimmung", n
    ),
}


def with_badges(entries: list[dict], counts: dict[str, int]) -> list[dict]:
    """Adds `count` and its spoken text to the links something waits behind (seekers.selectors.waiting_on_user)."""
    for entry in entries:
        n = counts.get(entry["name"], 0)
        if n and entry["name"] in BADGE_TEXTS:
            entry["count"], entry["count_text"] = n, BADGE_TEXTS[entry["name"]](n)
    return entries


def links(entries, current_path: str = "") -> list[dict]:
    out = []
    for label, name in entries:
        url = safe_reverse(name)
        if url:
            out.append({"label": label, "url": url, "name": name, "current": url == current_path})
    return out


def role_links(user) -> list:
    if not getattr(user, "is_authenticated", False):
        return []
    entries = list(ROLE_LINKS.get(user.role, []))
    if user.role == Role.STAFF and not user.is_staff:
        entries = [e for e in entries if e[1] != "admin:index"]
    return entries


def start_url(user) -> str | None:
    for name in START_PAGES.get(getattr(user, "role", ""), []):
        if name == "admin:index" and not user.is_staff:
            continue
        if url := safe_reverse(name):
            return url
    return None
