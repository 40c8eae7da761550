"""Loads and validates the rule data in ``checker/rules/*.toml`` (the single source of truth)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from checker.models import Kind, Role, Strength
from checker.normalize.text import SENTENCE_BREAK, Normalizer
from checker.read.gate import GateIndex
from checker.read.institutions import InstitutionIndex
from checker.read.speech import QuotedSpeechRules
from checker.read.wording import WordingModel
from checker.regexes import compiled
from checker.rules.parts import (
    COMPUTED_TAGS,
    Combination,
    Cue,
    PartDataError,
    PartsData,
    SourceIndex,
    parse_combination,
    parse_institution,
)

# Contexts computed in code from extracted links and numbers; the rest are patterns in text.toml.
COMPUTED_CONTEXTS = frozenset(
    {"link", "risky_link", "obfuscated_link", "phone", "mobile", "actionable_contact", "official_links_only"}
)
_GAP = re.compile(r"\{gap(\d+)\}")
WARNING_KEY = "text:warning"  # the warning cues' starter in the gate
NEGATION_BEFORE_KEY = "text:negation-before"  # the negations' starters (searched in a few characters each time)
NEGATION_AFTER_KEY = "text:negation-after"
_CONTEXT_REF = re.compile(r"\{ctx:([a-z_]+)\}")
_DATA_FILES = (
    "text.toml",
    "scam.toml",
    "conduct.toml",
    "links.toml",
    "senders.toml",
    "messages.toml",
    "parts.toml",
    "institutions.toml",
    "wording.toml",
)


class RuleDataError(ValueError):
    """The rule data is malformed (raised at load time, so a bad edit fails every test)."""


@dataclass(frozen=True, slots=True)
class Upgrade:
    """Raise a rule's strength when all of ``when`` hold."""

    when: tuple[str, ...]
    to: Strength


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: what it matches, when it applies, and what it tells the reader."""

    id: str
    kind: Kind
    category: str
    strength: Strength
    guide: str
    title: str
    explanation: str
    advice: str
    patterns: tuple[str, ...]  # expanded sources (the gate reads them)
    alternation: str | None  # all patterns as one regex source: one scan per rule, compiled on first use
    requires: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()  # contexts any one of which keeps the rule from firing
    upgrade: tuple[Upgrade, ...] = ()
    negatable: bool = True
    examples_match: tuple[str, ...] = ()
    examples_no_match: tuple[str, ...] = ()
    source_file: str = ""

    @property
    def gate_key(self) -> str:
        return self.id

    @property
    def combined(self) -> re.Pattern[str] | None:
        return compiled(self.alternation) if self.alternation is not None else None


@dataclass(frozen=True, slots=True)
class SenderClass:
    """A kind of sender number, recognised by a pattern on its digits."""

    type: str
    pattern: re.Pattern[str]
    label: str
    note: str
    rule: str


_SHORT_BRAND_TOKEN = 4  # brand tokens this short only count as a whole part of a label


@dataclass(frozen=True, slots=True)
class DescriptionCues:
    """text.toml [description]: what marks a match as described rather than asked for. The patterns
    are sources, compiled on first use like the contexts."""

    before: str  # anchored at the end: a denial or a naming cue ending just before a match
    after: str  # anchored at the start: what just after a match names it a scam or a pretext
    bare_not: str  # a bare 不 ending just before a match (a denial, unless a condition follows)
    condition: str  # in a match or after it: what makes a bare 不 a condition
    window_before: int
    window_after: int

    def patterns(self) -> tuple[str, ...]:
        return (self.before, self.after, self.bare_not, self.condition)


@dataclass(frozen=True, slots=True)
class LinkTables:
    """What is known about domains: official ones, borrowed brand names, shorteners, odd endings."""

    official_domains: frozenset[str]
    short_brand_tokens: frozenset[str]  # must be a whole part of a label ("cib-pay"), not a substring
    long_brand_tokens: re.Pattern[str]  # may occur anywhere in a label ("icbc" in "myicbcjf")
    shorteners: frozenset[str]
    odd_tlds: frozenset[str]
    bare_tlds: frozenset[str]


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Everything the engine needs, loaded once."""

    normalizer: Normalizer
    contexts: dict[str, str]  # each context's pattern, compiled the first time a message asks (``compiled``)
    gate: GateIndex  # candidate rule ids; also the starters of contexts ("ctx:<name>"), searched on demand
    negation_before: str  # compiled on first use, like the contexts; searched through the gate
    negation_after: str
    window_before: int
    window_after: int
    description: DescriptionCues
    quoted_speech: QuotedSpeechRules
    warning: str  # the anti-fraud-warning cues' pattern, compiled on first use like the contexts
    scam_rules: tuple[Rule, ...]
    conduct_rules: tuple[Rule, ...]
    link_rules: dict[str, Rule]
    sender_rules: dict[str, Rule]
    links: LinkTables
    sender_classes: tuple[SenderClass, ...]
    official_short_numbers: frozenset[str]
    night_window: tuple[int, int]  # minutes after midnight: start, end
    night_requires: tuple[str, ...]
    parts: PartsData
    institutions: InstitutionIndex
    wording_rule: Rule  # the wording model's finding (the model is loaded on first use: wording_model)
    wording_docs: str
    wording_silent_with: frozenset[str]  # part tags in whose presence the model is not asked...
    wording_silent_context: str  # ...when this context holds too (talk of repaying, not of borrowing)
    wording_min_chars_alone: int  # shortest compact view judged on its wording alone
    messages: dict[str, Any] = field(default_factory=dict)
    by_id: dict[str, Rule] = field(default_factory=dict)

    def all_rules(self) -> tuple[Rule, ...]:
        """Every rule, in the order the docs list them."""
        return (
            *self.scam_rules,
            *self.link_rules.values(),
            *self.sender_rules.values(),
            self.wording_rule,
            *self.conduct_rules,
        )

    def rule(self, rule_id: str) -> Rule:
        """One rule by its id."""
        return self.by_id[rule_id]

    def text_patterns(self) -> dict[str, str]:
        """The warning cues' and the negations' patterns, by their keys in the gate."""
        return _text_patterns(self.warning, self.negation_before, self.negation_after)

    def compile_all(self) -> None:
        """Compile every regex that is otherwise compiled the first time a message needs it.

        Loading leaves them for later so that start-up stays short; a caller with idle time after
        start-up (the browser worker, a benchmark) calls this so that no check pays for a compile.
        """
        for rule in (*self.scam_rules, *self.conduct_rules):
            if rule.alternation is not None:
                self.gate.matcher(rule.id, rule.alternation)
        for cue in self.parts.cues:
            self.gate.matcher(cue.gate_key, cue.alternation)
        on_demand = {**{f"ctx:{name}": pattern for name, pattern in self.contexts.items()}, **self.text_patterns()}
        for name, pattern in on_demand.items():
            self.gate.matcher(name, pattern)
        for pattern in self.description.patterns():
            compiled(pattern)
        self.institutions.compile_all()
        self.normalizer.compile_all()
        self.gate.compile_all()
        wording_model()


def expand_pattern(source: str, where: str, contexts: dict[str, str] | None = None) -> str:
    """Expand ``{gapN}`` (N characters within one sentence) and ``{ctx:name}`` (a context)."""
    if "\\\\" in source:
        raise RuleDataError(f"{where}: {source!r} has a doubled backslash (in TOML '...' strings write \\d, not \\\\d)")
    expanded = _with_contexts(source, where, contexts)
    return _GAP.sub(lambda m: f"[^{SENTENCE_BREAK}]{{0,{m.group(1)}}}", expanded)


def _with_contexts(source: str, where: str, contexts: dict[str, str] | None) -> str:
    """``source`` with each ``{ctx:name}`` replaced by that context's pattern (an unknown name raises)."""

    def context(m: re.Match[str]) -> str:
        if contexts is None or m.group(1) not in contexts:
            raise RuleDataError(f"{where}: unknown context reference {m.group(0)}")
        return f"(?:{contexts[m.group(1)]})"

    return _CONTEXT_REF.sub(context, source)


def compile_pattern(source: str, where: str, contexts: dict[str, str] | None = None) -> re.Pattern[str]:
    """``expand_pattern``, then compile."""
    try:
        return re.compile(expand_pattern(source, where, contexts))
    except re.error as exc:
        raise RuleDataError(f"{where}: bad pattern {source!r}: {exc}") from exc


def alternation(expanded: tuple[str, ...]) -> str:
    """All of a rule's patterns as one regex source (the gate parses each one at load time)."""
    return "|".join(f"(?:{p})" for p in expanded)


def _read(name: str) -> dict[str, Any]:
    folder = resources.files("checker.rules")
    try:  # the browser's copy of the wheel carries each file's data as JSON instead (parsed far faster)
        data: dict[str, Any] = json.loads(folder.joinpath(f"{name}.json").read_text(encoding="utf-8"))
        return data
    except FileNotFoundError:
        pass
    import tomllib  # only where the TOML itself ships: the browser need not load the parser

    text = folder.joinpath(name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleDataError(f"{name}: {exc}") from exc


def _str(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RuleDataError(f"{where}: '{key}' must be a non-empty string")
    return value


def _str_list(data: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleDataError(f"{where}: '{key}' must be a list of strings")
    return tuple(value)


def _rule(data: dict[str, Any], kind: Kind, source: str, context_sources: dict[str, str]) -> Rule:
    rule_id = _str(data, "id", source)
    where = f"{source} [{rule_id}]"
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rule_id):
        raise RuleDataError(f"{where}: id must be lower-case ASCII words joined by '-'")
    try:
        strength = Strength(_str(data, "strength", where))
        upgrades = tuple(Upgrade(tuple(u["when"]), Strength(u["to"])) for u in data.get("upgrade", []))
    except (ValueError, KeyError, TypeError) as exc:
        raise RuleDataError(f"{where}: bad strength or upgrade: {exc}") from exc
    guide = _guide(data, where)
    requires = _str_list(data, "requires", where)
    unless = _str_list(data, "unless", where)
    for ctx in (*requires, *unless, *(w for u in upgrades for w in u.when)):
        if ctx not in COMPUTED_CONTEXTS and ctx not in context_sources:
            raise RuleDataError(f"{where}: unknown context {ctx!r}")
    sources = _str_list(data, "patterns", where)
    patterns = tuple(expand_pattern(p, where, context_sources) for p in sources)
    return Rule(
        id=rule_id,
        kind=kind,
        category=_str(data, "category", where),
        strength=strength,
        guide=guide,
        title=_str(data, "title", where),
        explanation=_str(data, "explanation", where),
        advice=_str(data, "advice", where),
        patterns=patterns,
        alternation=alternation(patterns) if patterns else None,
        requires=requires,
        unless=unless,
        upgrade=upgrades,
        negatable=bool(data.get("negatable", True)),
        examples_match=_str_list(data, "match", where),
        examples_no_match=_str_list(data, "no_match", where),
        source_file=source,
    )


def _cue(data: dict[str, Any], context_sources: dict[str, str]) -> Cue:
    cue_id = _str(data, "id", "parts.toml")
    where = f"parts.toml [{cue_id}]"
    try:
        role = Role(_str(data, "role", where))
    except ValueError as exc:
        raise RuleDataError(f"{where}: unknown role") from exc
    sources = _str_list(data, "patterns", where)
    if not sources:
        raise RuleDataError(f"{where}: a cue needs patterns")
    requires, unless = _str_list(data, "requires", where), _str_list(data, "unless", where)
    for ctx in (*requires, *unless):
        if ctx not in COMPUTED_CONTEXTS and ctx not in context_sources:
            raise RuleDataError(f"{where}: unknown context {ctx!r}")
    patterns = tuple(expand_pattern(p, where, context_sources) for p in sources)
    return Cue(
        id=cue_id,
        role=role,
        tags=frozenset(_str_list(data, "tags", where)),
        label=_str(data, "label", where),
        guide=_guide(data, where),
        patterns=patterns,
        alternation=alternation(patterns),
        requires=requires,
        unless=unless,
        negatable=bool(data.get("negatable", True)),
        min_hits=int(data.get("min_hits", 1)),
        examples_match=_str_list(data, "match", where),
        examples_no_match=_str_list(data, "no_match", where),
    )


def _guide(data: dict[str, Any], where: str) -> str:
    guide = _str(data, "guide", where)
    if not re.fullmatch(r"(?:[a-z0-9-]+/)?#[a-z0-9-]+", guide):
        raise RuleDataError(f"{where}: guide must look like 'page/#anchor', got {guide!r}")
    return guide


def _parts_data(
    parts: dict[str, Any], institutions: dict[str, Any], cues: tuple[Cue, ...], gate_bits: dict[str, int]
) -> PartsData:
    """parts.toml's combinations and institutions.toml, with ``cues`` (read first: the gate indexes
    them) known by their bits in the gate (``gate_bits``)."""
    known: dict[Role, set[str]] = {role: set(COMPUTED_TAGS.get(role, ())) for role in Role}
    for cue in cues:
        known[cue.role] |= cue.tags
    combinations: list[Combination] = []
    for data in parts.get("combination", []):
        combo_id = _str(data, "id", "parts.toml")
        where = f"parts.toml [{combo_id}]"
        text = {key: _str(data, key, where) for key in ("id", "category", "title", "explanation", "advice")}
        text["guide"] = _guide(data, where)
        try:
            combinations.append(parse_combination(data, known, text))
        except PartDataError as exc:
            raise RuleDataError(str(exc)) from exc
    try:
        listed = tuple(parse_institution(i) for i in institutions.get("institution", []))
    except PartDataError as exc:
        raise RuleDataError(str(exc)) from exc
    sources = SourceIndex.of(cues, gate_bits)
    resolved = tuple(_resolved(combo, sources) for combo in combinations)
    return PartsData(
        cues=cues,
        combinations=resolved,
        institutions=listed,
        role_labels={Role(k): v for k, v in parts["roles"].items()},
        destination_labels=dict(parts["destinations"]),
        sources=sources,
        cues_by_id={cue.id: cue for cue in cues},
        docs=dict(parts["docs"]),
        tag_names=dict(parts["tag_names"]),
    )


def _resolved(combo: Combination, sources: SourceIndex) -> Combination:
    """The combination with each requirement knowing which sources can meet it."""
    return dataclasses.replace(
        combo,
        when=tuple(sources.resolve(r) for r in combo.when),
        unless=sources.resolve(combo.unless) if combo.unless else None,
        also_quote=sources.resolve(combo.also_quote) if combo.also_quote else None,
        upgrade=tuple(dataclasses.replace(u, when=sources.resolve(u.when)) for u in combo.upgrade),
    )


GATE_INDEX = "gate-index.json"  # written into the wheel at build time (write_gate_index), never committed
_GATE_FORMAT = 2  # of GateIndex.to_json (2: names and clauses as bits): part of the key, like the patterns


def _gate_index(patterns: dict[str, tuple[str, ...]], searched_on_demand: dict[str, tuple[str, ...]]) -> GateIndex:
    """The gate for these patterns: the one the wheel carries when it was made from the same patterns
    (start-up in the browser then parses none of them), else worked out now."""
    key = _gate_key(patterns, searched_on_demand)
    try:
        text = resources.files("checker.rules").joinpath(GATE_INDEX).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        text = ""
    if text:
        data = json.loads(text)
        if data.get("key") == key:
            return GateIndex.from_json(data)
    try:
        return GateIndex.build(patterns, starters_only=searched_on_demand)
    except re.error as exc:  # every pattern is parsed here, once: the regexes compile on first use
        raise RuleDataError(f"bad pattern: {exc}") from exc


def _text_patterns(warning: str, negation_before: str, negation_after: str) -> dict[str, str]:
    return {WARNING_KEY: warning, NEGATION_BEFORE_KEY: negation_before, NEGATION_AFTER_KEY: negation_after}


def _description_cues(table: dict[str, Any]) -> DescriptionCues:
    where = "text.toml [description]"
    return DescriptionCues(
        before=expand_pattern(f"(?:{table['before']})[^。]{{0,2}}$", where),
        after=expand_pattern(f"^(?:{table['after']})", where),
        bare_not=expand_pattern(table["bare_not"], where),
        condition=expand_pattern(table["condition_after"], where),
        window_before=int(table["window_before"]),
        window_after=int(table["window_after"]),
    )


def _quoted_speech(table: dict[str, Any]) -> QuotedSpeechRules:
    where = "text.toml [quoted_speech]"
    return QuotedSpeechRules(
        quote=expand_pattern(table["quote"], where),  # compiled on first use, like the contexts
        ignored=expand_pattern(table["ignored"], where),
        min_outside=int(table["min_outside"]),
        min_after=int(table["min_after"]),
    )


def _gated_patterns(
    gated: Iterable[Rule | Cue], contexts: dict[str, str], text_patterns: dict[str, str]
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """What the gate indexes (text rules and cues, by gate key) and what it only gives starters to
    (contexts, the warning cues and the negations, searched on demand)."""
    searched_on_demand: dict[str, tuple[str, ...]] = {f"ctx:{n}": (pattern,) for n, pattern in contexts.items()}
    searched_on_demand.update((key, (pattern,)) for key, pattern in text_patterns.items())
    return {g.gate_key: g.patterns for g in gated}, searched_on_demand


def _gate_key(patterns: dict[str, tuple[str, ...]], searched_on_demand: dict[str, tuple[str, ...]]) -> str:
    """A fingerprint of everything the gate is built from: a stale index is never used."""
    source = json.dumps([_GATE_FORMAT, patterns, searched_on_demand], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(source.encode("utf-8")).hexdigest()


def write_gate_index(path: Path) -> None:
    """Write the gate's tables for the wheel (run by the build before packing it); every regex is
    compiled first, so a pattern the gate parses but ``re`` cannot compile fails the build."""
    rules = load_ruleset()
    rules.compile_all()
    patterns, searched_on_demand = _gated_patterns(
        (*rules.scam_rules, *rules.conduct_rules, *rules.parts.cues), rules.contexts, rules.text_patterns()
    )
    data = {"key": _gate_key(patterns, searched_on_demand), **rules.gate.to_json()}
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


WORDING_MODEL = "wording-model.json"  # trained by scripts/train_wording.py


@cache
def wording_model() -> WordingModel:
    """The trained wording model (read on first use; ``RuleSet.compile_all`` reads it ahead)."""
    text = resources.files("checker.rules").joinpath(WORDING_MODEL).read_text(encoding="utf-8")
    return WordingModel.from_json(json.loads(text))


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


@cache
def load_ruleset() -> RuleSet:
    """Read and validate every data file once; raises ``RuleDataError`` on any mistake."""
    data = {name: _read(name) for name in _DATA_FILES}
    text = data["text.toml"]
    chars = text["normalize"]["chars"].split()
    normalizer = Normalizer.from_tables({p[0]: p[1] for p in chars}, text["normalize"]["phrases"])
    context_sources: dict[str, str] = {}
    for name, source in text["contexts"].items():  # a context may build on one defined above it
        context_sources[name] = _with_contexts(source, f"text.toml [contexts.{name}]", context_sources)
    contexts = {name: expand_pattern(p, f"text.toml [contexts.{name}]") for name, p in context_sources.items()}

    def rules(name: str, kind: Kind, key: str) -> tuple[Rule, ...]:
        return tuple(_rule(r, kind, name, context_sources) for r in data[name].get(key, []))

    scam = rules("scam.toml", Kind.SCAM, "rule")
    conduct = rules("conduct.toml", Kind.CONDUCT, "rule")
    link_rules = {r.id: r for r in rules("links.toml", Kind.SCAM, "rule")}
    sender_rules = {r.id: r for r in rules("senders.toml", Kind.SCAM, "rule")}
    for rule in (*scam, *conduct):
        if not rule.patterns:
            raise RuleDataError(f"{rule.source_file} [{rule.id}]: a text rule needs patterns")
    cues = tuple(_cue(c, context_sources) for c in data["parts.toml"].get("cue", []))
    negation = text["negation"]
    warning = expand_pattern(text["warning"]["cues"], "text.toml [warning]")
    negation_before = expand_pattern(f"(?:{negation['before']})", "text.toml [negation.before]")
    negation_after = expand_pattern(f"(?:{negation['after']})", "text.toml [negation.after]")
    text_patterns = _text_patterns(warning, negation_before, negation_after)
    gate = _gate_index(*_gated_patterns((*scam, *conduct, *cues), contexts, text_patterns))
    parts = _parts_data(data["parts.toml"], data["institutions.toml"], cues, gate.bits)
    claim = data["institutions.toml"]["claim"]
    institutions = InstitutionIndex(parts.institutions, claim["before"], claim["after"], int(claim["edge"]))
    (wording_rule,) = rules("wording.toml", Kind.SCAM, "rule")
    ids = [r.id for r in (*scam, *conduct, *link_rules.values(), *sender_rules.values(), wording_rule)]
    ids += [c.id for c in parts.combinations]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuleDataError(f"duplicate rule ids: {sorted(duplicates)}")

    links = data["links.toml"]
    senders = data["senders.toml"]
    classes = tuple(
        SenderClass(
            type=c["type"],
            pattern=compile_pattern(c["pattern"], f"senders.toml [{c['type']}]"),
            label=c["label"],
            note=c["note"],
            rule=c.get("rule", ""),
        )
        for c in senders["class"]
    )
    for cls in classes:
        if cls.rule and cls.rule not in sender_rules:
            raise RuleDataError(f"senders.toml [{cls.type}]: unknown rule {cls.rule!r}")
    night = data["conduct.toml"]["night"]
    ruleset = RuleSet(
        normalizer=normalizer,
        contexts=contexts,
        gate=gate,
        negation_before=negation_before,
        negation_after=negation_after,
        window_before=int(negation["window_before"]),
        window_after=int(negation["window_after"]),
        description=_description_cues(text["description"]),
        quoted_speech=_quoted_speech(text["quoted_speech"]),
        warning=warning,
        scam_rules=scam,
        conduct_rules=conduct,
        link_rules=link_rules,
        sender_rules=sender_rules,
        links=LinkTables(
            official_domains=institutions.domains,
            short_brand_tokens=frozenset(t for t in institutions.host_tokens if len(t) <= _SHORT_BRAND_TOKEN),
            long_brand_tokens=re.compile(
                "|".join(re.escape(t) for t in sorted(institutions.host_tokens) if len(t) > _SHORT_BRAND_TOKEN)
            ),
            shorteners=frozenset(links["shorteners"]),
            odd_tlds=frozenset(links["odd_tlds"]),
            bare_tlds=frozenset(links["bare_tlds"]),
        ),
        sender_classes=classes,
        official_short_numbers=frozenset(senders["official_short_numbers"]),
        night_window=(_minutes(night["start"]), _minutes(night["end"])),
        night_requires=tuple(night.get("requires", [])),
        parts=parts,
        institutions=institutions,
        wording_rule=wording_rule,
        wording_docs=_str(data["wording.toml"]["rule"][0], "docs", "wording.toml"),
        wording_silent_with=frozenset(_str_list(data["wording.toml"], "silent_with", "wording.toml")),
        wording_silent_context=_str(data["wording.toml"], "silent_context", "wording.toml"),
        wording_min_chars_alone=int(data["wording.toml"]["min_chars_alone"]),
        messages=data["messages.toml"],
    )
    ruleset.by_id.update((rule.id, rule) for rule in ruleset.all_rules())
    return ruleset
