"""The inquiry form: its steps, its fields and the checks each answer gets.

Fields are data: the web pages render them, `check_step` validates them, and `record` maps them
to the report model. Labels are English message ids (marked with `N_`) that the gettext catalogs
translate. Every field but a few may be left empty, which means "I don't know".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date


def N_(message: str) -> str:
    """Marks a message id for the catalogs; translated where it is shown."""
    return message


# Relationships of a relative TO the missing person, as in the interchange relatives.csv.
RELATIONSHIPS = (
    ("mother", N_("Mother")), ("father", N_("Father")), ("full_sibling", N_("Brother or sister")),
    ("half_sibling_maternal", N_("Half-brother or half-sister (same mother)")),
    ("half_sibling_paternal", N_("Half-brother or half-sister (same father)")),
    ("child", N_("Son or daughter")), ("spouse", N_("Husband or wife")),
    ("grandparent", N_("Grandmother or grandfather")), ("grandchild", N_("Grandson or granddaughter")),
    ("aunt_uncle", N_("Aunt or uncle")), ("niece_nephew", N_("Niece or nephew")),
    ("first_cousin", N_("Cousin")), ("other", N_("Other relative or friend")),
)
COMPANION = (("companion", N_("Travelled together, not family")),)
UNKNOWN = ""  # the value of every "I don't know" choice
SEX = (("M", N_("Male")), ("F", N_("Female")), (UNKNOWN, N_("I don't know")))
# Route names as the IOM Missing Migrants Project names them: the graph's Route nodes.
ROUTES = (
    ("Central Mediterranean", N_("Central Mediterranean (Libya or Tunisia to Italy or Malta)")),
    ("Eastern Mediterranean", N_("Eastern Mediterranean (Türkiye to Greece or Cyprus)")),
    ("Western Mediterranean", N_("Western Mediterranean (Morocco or Algeria to Spain)")),
    ("Western Africa / Atlantic route to the Canary Islands",
     N_("Atlantic (West Africa to the Canary Islands)")),
    ("Western Balkans", N_("Western Balkans (over land through the Balkans)")),
    ("English Channel to the UK", N_("English Channel (France to the United Kingdom)")),
    ("Sahara Desert crossing", N_("Across the Sahara Desert")),
    ("US-Mexico border crossing", N_("Border between Mexico and the United States")),
    (UNKNOWN, N_("I don't know")),
)
CONTACT_HOW = (
    ("phone call", N_("Phone call")), ("message", N_("Written or voice message")),
    ("video call", N_("Video call")), ("through someone else", N_("Through someone else")),
    ("other", N_("Another way")), (UNKNOWN, N_("I don't know")),
)
SAMPLE = (("yes", N_("Yes")), ("no", N_("No")), ("not_sure", N_("I am not sure yet")))
CONSENT_SCOPE = (
    ("partners", N_("All partner agencies that search for missing people")),
    ("receiving", N_("Only the agency that receives this inquiry")),
)
TRAVELLER_ROWS = 4
MAX_LINES = 20


@dataclass(frozen=True)
class Field:
    """One question. `kind`: text, textarea, lines (one item per line), choice, date, number,
    email, phone, check. `limit` is the most characters (or, for a number, the largest value)."""

    name: str
    kind: str
    label: str
    limit: int = 200
    hint: str = ""
    choices: tuple[tuple[str, str], ...] = ()
    lowest: int = 0


@dataclass(frozen=True)
class Step:
    name: str
    title: str
    intro: str
    fields: tuple[Field, ...] = ()
    groups: tuple[tuple[str, tuple[Field, ...]], ...] = ()

    @property
    def all_fields(self) -> tuple[Field, ...]:
        return self.fields + tuple(f for _, fs in self.groups for f in fs)


def _traveller(n: int) -> tuple[str, tuple[Field, ...]]:
    return (N_("Fellow traveller %(n)s"), (
        Field(f"traveller_{n}_name", "text", N_("Name"), 200),
        Field(f"traveller_{n}_relationship", "choice", N_("Who they are to the missing person"),
              choices=((UNKNOWN, N_("I don't know")),) + COMPANION + RELATIONSHIPS),
        Field(f"traveller_{n}_notes", "text", N_("What you know of them (age, where they are now)"), 300),
    ))


STEPS: tuple[Step, ...] = (
    Step("consent", N_("Before you start"), N_("Please read how we protect what you tell us."), (
        Field("consent_scope", "choice", N_("Who may see this inquiry"), choices=CONSENT_SCOPE),
        Field("consent", "check", N_("I have read this notice and I agree that my answers are used as it says.")),
    )),
    Step("person", N_("The missing person"), N_("Write names as you know them, in any alphabet."), (
        Field("family_name", "text", N_("Family name")),
        Field("given_names", "text", N_("Given names")),
        Field("other_names", "lines", N_("Other names, nicknames or spellings"), 600, N_("One per line.")),
        Field("father_name", "text", N_("Father's name")),
        Field("mother_name", "text", N_("Mother's name")),
        Field("sex", "choice", N_("Sex"), choices=SEX),
        Field("date_of_birth", "date", N_("Date of birth"), hint=N_("Give what you know: the year alone is fine.")),
        Field("age", "number", N_("Age when you last heard from them"), 120,
              N_("Only if you do not know the date of birth.")),
        Field("nationality", "text", N_("Nationality"), 100),
        Field("languages", "text", N_("Languages they speak"), 200),
    )),
    Step("description", N_("What they look like"), N_("Anything that could help to recognise them."), (
        Field("height_cm", "number", N_("Height in centimetres"), 250, lowest=40),
        Field("hair_colour", "text", N_("Hair colour"), 100),
        Field("eye_colour", "text", N_("Eye colour"), 100),
        Field("description", "textarea", N_("Build and appearance"), 2000),
        Field("distinguishing_marks", "lines", N_("Scars, tattoos, birthmarks, dental work"), 2000,
              N_("One per line, with where on the body.")),
        Field("clothing", "lines", N_("Clothes they wore when they left"), 2000, N_("One per line.")),
        Field("personal_effects", "lines", N_("Things they carried (phone, ring, documents, bag)"), 2000,
              N_("One per line.")),
    )),
    Step("photos", N_("Photos"), N_("Photos are optional. A recent photo of the face helps most."), ()),
    Step("journey", N_("The journey"), N_("Tell us what you know. Leave empty what you do not know."), (
        Field("route", "choice", N_("Route"), choices=ROUTES),
        Field("departure_place", "text", N_("Where the journey or the sea crossing started"), 200),
        Field("departure_date", "date", N_("When it started")),
        Field("vessel", "text", N_("The boat, if you know (name, colour, size, number of people)"), 300),
        Field("smuggler_group", "text", N_("The smuggler or group who organised it, if you know"), 300),
        Field("last_contact_date", "date", N_("When you last heard from them")),
        Field("last_contact_place", "text", N_("Where they were then"), 200),
        Field("last_contact_how", "choice", N_("How you heard from them"), choices=CONTACT_HOW),
        Field("circumstances", "textarea", N_("Anything else about the journey"), 4000),
    )),
    Step("travellers", N_("People who travelled with them"),
         N_("Others on the same journey may have been seen or may know what happened."),
         groups=tuple(_traveller(n) for n in range(1, TRAVELLER_ROWS + 1))),
    Step("you", N_("About you"), N_("We need a way to reach you. We never share your contact details with the public."), (
        Field("reporter_family_name", "text", N_("Your family name")),
        Field("reporter_given_names", "text", N_("Your given names")),
        Field("relationship", "choice", N_("Who are you to the missing person?"), choices=RELATIONSHIPS),
        Field("phone", "phone", N_("Phone number (with country code)"), 40),
        Field("email", "email", N_("Email address"), 200),
        Field("address", "textarea", N_("Postal address or another way to reach you"), 500),
        Field("contact_country", "text", N_("Country where you live"), 100),
        Field("reference_sample", "choice", N_("Would you give a DNA sample (a swab from inside the cheek) to help identify your relative?"),
              choices=SAMPLE, hint=N_("It is only compared with people who may be your relative.")),
    )),
    Step("review", N_("Check and send"), N_("Read your answers. You can still change them."), ()),
)
STEP_NAMES = tuple(step.name for step in STEPS)
FIELDS: dict[str, Field] = {f.name: f for step in STEPS for f in step.all_fields}
# What must be answered before an inquiry can be sent, by step.
REQUIRED_NOTICE = N_("Please answer this question.")
_EMAIL = re.compile(r"^[^@\s<>]{1,64}@[^@\s<>]{1,190}\.[^@\s<>.]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ().\-/]{5,40}$")
# Control characters other than line breaks and tabs never belong in an answer.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def step(name: str) -> Step:
    return STEPS[STEP_NAMES.index(name)]


def next_step(name: str) -> str:
    index = STEP_NAMES.index(name)
    return STEP_NAMES[min(index + 1, len(STEP_NAMES) - 1)]


def previous_step(name: str) -> str | None:
    index = STEP_NAMES.index(name)
    return STEP_NAMES[index - 1] if index > 0 else None


def clean_text(text: str) -> str:
    """NFC, no control characters, no spaces at the ends; line breaks kept as \\n."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _CONTROL.sub("", text).strip()


@dataclass
class Checked:
    """A step's answers as kept (text, as typed once cleaned) and what is wrong with them."""

    answers: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def _date_parts(form: dict[str, str], name: str) -> dict[str, str]:
    return {part: clean_text(form.get(f"{name}_{part}", ""))[:4] for part in ("year", "month", "day")}


def check_date(year: str, month: str, day: str, *, today: date | None = None) -> str | None:
    """An error message id for a partial date given as parts, or None when it is fine or empty."""
    today = today or date.today()
    if not (year or month or day):
        return None
    if not year:
        return N_("Give at least the year, or leave the date empty.")
    if not year.isdigit() or not 1900 <= int(year) <= today.year:
        return N_("The year must be between 1900 and this year.")
    if day and not month:
        return N_("Give the month too, or leave the day empty.")
    if month and (not month.isdigit() or not 1 <= int(month) <= 12):
        return N_("The month must be between 1 and 12.")
    if day:
        try:
            when = date(int(year), int(month), int(day)) if day.isdigit() else None
        except ValueError:
            when = None
        if when is None:
            return N_("That day does not exist in that month.")
        if when > today:
            return N_("That date is in the future.")
    return None


def _check_field(spec: Field, form: dict[str, str], checked: Checked) -> None:
    if spec.kind == "date":
        parts = _date_parts(form, spec.name)
        for part, value in parts.items():
            checked.answers[f"{spec.name}_{part}"] = value
        if problem := check_date(parts["year"], parts["month"], parts["day"]):
            checked.errors[spec.name] = problem
        return
    raw = form.get(spec.name, "")
    if spec.kind == "check":
        checked.answers[spec.name] = "yes" if raw in ("yes", "on", "1") else ""
        return
    value = clean_text(raw)
    checked.answers[spec.name] = value[: spec.limit + 1] if spec.kind != "number" else value[:6]
    if not value:
        return
    if spec.kind in ("text", "phone", "email") and "\n" in value:
        value = checked.answers[spec.name] = " ".join(value.split())
    if spec.kind == "choice" and value not in {key for key, _ in spec.choices}:
        checked.errors[spec.name] = N_("Choose one of the answers offered.")
    elif spec.kind == "number":
        if not value.isdigit() or not spec.lowest <= int(value) <= spec.limit:
            checked.errors[spec.name] = N_("Write a whole number between %(low)s and %(high)s.")
    elif len(value) > spec.limit:
        checked.errors[spec.name] = N_("This answer is too long: at most %(limit)s characters.")
    elif spec.kind == "lines" and len(value.split("\n")) > MAX_LINES:
        checked.errors[spec.name] = N_("At most %(lines)s lines, please.")
    elif spec.kind == "email" and not _EMAIL.match(value):
        checked.errors[spec.name] = N_("This does not look like an email address.")
    elif spec.kind == "phone" and not _PHONE.match(value):
        checked.errors[spec.name] = N_("Write the number with digits only, starting with + and the country code.")


def check_step(name: str, form: dict[str, str]) -> Checked:
    """The answers of one step as kept, and an error message id per field that is wrong."""
    checked = Checked()
    current = step(name)
    for spec in current.all_fields:
        _check_field(spec, form, checked)
    for problem in _step_rules(name, checked.answers):
        checked.errors.setdefault(problem[0], problem[1])
    return checked


def _step_rules(name: str, answers: dict[str, str]) -> list[tuple[str, str]]:
    """The few required answers, by step."""
    if name == "consent":
        problems = []
        if not answers.get("consent_scope"):
            problems.append(("consent_scope", N_("Choose who may see this inquiry.")))
        if answers.get("consent") != "yes":
            problems.append(("consent", N_("We can only take your inquiry if you agree.")))
        return problems
    if name == "person" and not any(answers.get(k) for k in ("family_name", "given_names", "other_names")):
        return [("family_name", N_("Give at least one name of the missing person."))]
    if name == "you":
        problems = []
        if not answers.get("reporter_family_name") and not answers.get("reporter_given_names"):
            problems.append(("reporter_family_name", N_("Give your name, so that we know who is asking.")))
        if not answers.get("relationship"):
            problems.append(("relationship", REQUIRED_NOTICE))
        if not any(answers.get(k) for k in ("phone", "email", "address")):
            problems.append(("phone", N_("Give at least one way to reach you: a phone number, an email or an address.")))
        return problems
    return []


def missing_steps(answers: dict[str, str]) -> list[str]:
    """The steps whose required answers are still missing or wrong, in order."""
    return [name for name in STEP_NAMES if name not in ("photos", "review")
            and check_step(name, answers).errors]


def error_values(spec_name: str) -> dict[str, object]:
    """The values an error message of a field is formatted with."""
    spec = FIELDS.get(spec_name)
    if spec is None:
        return {}
    return {"low": spec.lowest, "high": spec.limit, "limit": spec.limit, "lines": MAX_LINES}


def lines(text: str) -> list[str]:
    """A `lines` answer as its non-empty lines."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def date_iso(answers: dict[str, str], name: str) -> tuple[str | None, str | None]:
    """A date answer as a partial ISO date and its precision, or (None, None)."""
    year, month, day = (answers.get(f"{name}_{part}", "") for part in ("year", "month", "day"))
    if not year or check_date(year, month, day):
        return None, None
    if not month:
        return f"{int(year):04d}", "year"
    if not day:
        return f"{int(year):04d}-{int(month):02d}", "month"
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}", "day"
