"""Step 1: companies in every Stadtbezirk with Berufsfelder, sites, a contact and an owner (the demo company
also gets a colleague)."""

from __future__ import annotations

from django.utils.text import slugify

from backend.accounts.models import Role, User
from backend.reference.models import District
from companies.models import Company, ContactPerson, MemberRole, Membership, Site, SizeBand

from ..catalogue import ADULT_FIRST_NAMES, INDUSTRIES, PLACE_WORDS, POSITIONS, STREET_WORDS, SURNAMES
from .base import BuilderBase
from .constants import COMPANIES_PER_DISTRICT, DEMO_COMPANY_NAME, DEMO_TLD, LOGINS, CompanyMeta


class CompaniesStep(BuilderBase):
    """Companies, sites, contacts, owners."""

    def company_name(self, industry: dict, taken: set[str]) -> str:
        for _ in range(100):
            s, s2 = self.rng.sample(SURNAMES, 2)
            name = self.rng.choice(industry["names"]).format(s=s, s2=s2, p=self.rng.choice(PLACE_WORDS))
            if name not in taken and slugify(name) not in taken:
                taken.update({name, slugify(name)})
                return name
        raise RuntimeError("no free company name")  # cannot happen with these lists

    def build_companies(self) -> None:
        rng = self.rng
        slots = [industry for industry in INDUSTRIES] * 4
        slots = slots[: COMPANIES_PER_DISTRICT * len(self.districts)]
        rng.shuffle(slots)
        taken = {value for row in Company.objects.values_list("slug", "name") for value in row}
        taken.update({DEMO_COMPANY_NAME, slugify(DEMO_COMPANY_NAME)})
        self.companies: list[Company] = []
        self.company_meta: dict[str, CompanyMeta] = {}
        self.sites: list[Site] = []
        contacts: list[ContactPerson] = []
        owners: list[User] = []
        for d_index, district in enumerate(self.districts):
            for i in range(COMPANIES_PER_DISTRICT):
                industry = slots[d_index * COMPANIES_PER_DISTRICT + i]
                is_demo = district.slug == "innenstadt-west" and i == 0
                if is_demo:
                    industry = INDUSTRIES[0]  # the demo company login: an IT company in the city centre
                name = DEMO_COMPANY_NAME if is_demo else self.company_name(industry, taken)
                taken.update({name, slugify(name)})
                slug = slugify(name)
                size = rng.choices(
                    [SizeBand.MICRO, SizeBand.SMALL, SizeBand.MEDIUM, SizeBand.LARGE], weights=[3, 5, 3, 1]
                )[0]
                company = Company(
                    name=name,
                    slug=slug,
                    legal_name=name,
                    industry=industry["industry"],
                    size_band=size,
                    description=self.company_description(name, industry, district, size),
                    website=f"https://{slug}{DEMO_TLD}",
                    requires_infection_briefing=industry.get("infection", False),
                    requires_police_certificate=industry.get("police", False),
                    # Three recently registered companies still wait for the city's check.
                    is_verified=not (i == COMPANIES_PER_DISTRICT - 1 and d_index % 4 == 1),
                )
                if company.is_verified:
                    company.verified_at = self.before_anchor(20, 300)
                self.companies.append(company)
                self.company_meta[slug] = {"industry": industry, "district": district, "demo": is_demo, "size": size}
        Company.objects.bulk_create(self.companies)
        self.demo_company = next(c for c in self.companies if self.company_meta[c.slug]["demo"])

        # Berufsfelder, sites, contacts, owners
        through = Company.berufsfelder.through
        links = []
        for company in self.companies:
            meta = self.company_meta[company.slug]
            codes = meta["industry"]["berufsfelder"]
            links += [through(company_id=company.pk, berufsfeld_id=self.berufsfelder[c].pk) for c in codes]
            district = meta["district"]
            site_districts = [district]
            if rng.random() < 0.3 or meta["demo"]:
                site_districts.append(rng.choice([d for d in self.districts if d.pk != district.pk]))
            meta["sites"] = []
            for n, sd in enumerate(site_districts):
                pc = rng.choice(self.postal_codes[sd.pk])
                lat, lon = self.point(pc)
                site = Site(
                    company=company,
                    name="Hauptsitz"
                    if n == 0
                    else rng.choice(["Werkstatt", "Filiale", "Lager", "Zweigstelle"]) + f" {sd.name}",
                    street=f"{rng.choice(STREET_WORDS)} {rng.randint(1, 180)}",
                    postal_code=pc,
                    city="Dortmund",
                    latitude=lat,
                    longitude=lon,
                    has_exact_point=False,
                    district=sd,
                )
                self.sites.append(site)
                meta["sites"].append(site)
            first, last = rng.choice(ADULT_FIRST_NAMES), rng.choice(SURNAMES)
            contacts.append(
                ContactPerson(
                    company=company,
                    name=f"{first} {last}",
                    position=rng.choice(POSITIONS),
                    email=f"ausbildung@{company.slug}{DEMO_TLD}",
                    phone=f"0231 5550-{rng.randint(100, 999)}",
                )
            )
            if meta["demo"]:
                owner = self.user(
                    email=LOGINS[Role.COMPANY].email, first="Sabine", last="Musterkamp", role=Role.COMPANY
                )
            else:
                o_first, o_last = rng.choice(ADULT_FIRST_NAMES), rng.choice(SURNAMES)
                owner = self.user(
                    email=self.email(f"{o_first}.{o_last}", f"{company.slug}{DEMO_TLD}"),
                    first=o_first,
                    last=o_last,
                    role=Role.COMPANY,
                )
            owners.append(owner)
            meta["owner"] = owner
        through.objects.bulk_create(links)
        Site.objects.bulk_create(self.sites)
        ContactPerson.objects.bulk_create(contacts)
        for company, contact in zip(self.companies, contacts, strict=True):
            self.company_meta[company.slug]["contact"] = contact
        User.objects.bulk_create(owners)
        # A colleague (editor) for the demo company, so "several colleagues per company" is visible.
        editor = self.user(
            email=self.email("jonas.tenbrink", f"{self.demo_company.slug}{DEMO_TLD}"),
            first="Jonas",
            last="Tenbrink",
            role=Role.COMPANY,
        )
        editor.save()
        Membership.objects.bulk_create(
            [Membership(company=c, user=o, role=MemberRole.OWNER) for c, o in zip(self.companies, owners, strict=True)]
            + [Membership(company=self.demo_company, user=editor, role=MemberRole.EDITOR)]
        )

    def company_description(self, name: str, industry: dict, district: District, size: str) -> str:
        founded = self.rng.randint(1952, 2019)
        staff_by_size: dict[str, str] = {
            SizeBand.MICRO: "ein kleines Team",
            SizeBand.SMALL: "ein Team von gut zwanzig Leuten",
            SizeBand.MEDIUM: "rund 120 Beschäftigte",
            SizeBand.LARGE: "über 300 Beschäftigte",
        }
        staff = staff_by_size[size]
        return (
            f"<p>{name} ist seit {founded} in Dortmund-{district.name} zu Hause. Wir {industry['work']}. "
            f"Bei uns arbeitet {staff}.</p>"
            f"<p>Schülerinnen und Schüler lernen bei uns echte Aufgaben kennen: Du schaust nicht nur zu, "
            f"sondern packst mit an. Eine feste Ansprechperson begleitet dich die ganze Zeit.</p>"
            f"<p><em>Fiktives Beispielunternehmen der Demodaten.</em></p>"
        )
