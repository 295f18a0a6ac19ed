"""The R family (the registry's structure), and the rules of it that the loader applies as it
reads the file: a value module, so the loader and the structure check both import it and
neither imports the other."""

from __future__ import annotations

from claimcheck.findings import ClaimState, Family, Severity

FAMILY = Family("R", "registry structure", marks=ClaimState.INVALID)

R001 = FAMILY.rule(
    "R001",
    "yaml-syntax",
    Severity.ERROR,
    "The registry is not valid YAML.",
    "The file could not be parsed as YAML, so nothing else could be checked. The message "
    "names the line and column where the parser gave up; the mistake is often just before "
    "it (an unclosed quote or bracket, a tab used for indentation, a missing space after "
    "a colon). claimcheck stops with exit code 2.",
    "Fix the YAML at the line and column given.",
)

R002 = FAMILY.rule(
    "R002",
    "invalid-value",
    Severity.ERROR,
    "A field has a value of the wrong type or form.",
    "Each field of the registry has a type: text, a number, a date, a list or a mapping, "
    "or one of a fixed set of words. A value of another type or form (a date written "
    "'9 Dec 2025', a kind that is not in the list, an id with capitals) is reported with "
    "the form expected. A claim's `value` written as pages write figures is read where "
    "its meaning is one thing and agrees with the `unit` (`8,300,000`, `31%`, `£65m`); "
    "otherwise the message gives the exact line to write (`value '4.6 million' ... "
    "(write: value: 4.6 with unit: million people)`). The claim or source is still "
    "checked where the rest of it is valid.",
    "Write the value in the form the message gives.",
)

R003 = FAMILY.rule(
    "R003",
    "duplicate-key",
    Severity.ERROR,
    "A mapping has the same key twice.",
    "YAML parsers commonly keep the last of two equal keys and drop the first without a "
    "word, so a claim's first `citations` list could vanish. claimcheck reports every "
    "repeated key (the later value is the one used while checking the rest).",
    "Merge the two entries or rename one of them.",
)

R007 = FAMILY.rule(
    "R007",
    "unknown-field",
    Severity.ERROR,
    "A field name is not part of the registry format.",
    "Unknown fields are most often typos (`citation` for `citations`), and a typo means the "
    "data is silently ignored. The message suggests the field meant when one is close.",
    "Rename the field to one the format defines (see the README), or remove it.",
)

R008 = FAMILY.rule(
    "R008",
    "missing-field",
    Severity.ERROR,
    "A required field is missing.",
    "Every source needs `id` and `title`; every claim needs `id`, `text` and "
    "`kind`; the registry needs `version: 1`. An entry without one of its required fields "
    "cannot be checked further.",
    "Add the field.",
)

#: What a constraint's `tolerance` must be, for the R002 that refuses another: a tolerance
#: below 0 would make a true equality fail (both sides 40, C003).
TOLERANCE_FORM = (
    "tolerance must be a number ≥ 0: how far apart the two sides of `==` may be (0, the "
    "default, for an exact relation)"
)
