"""The document model: one container (`Document`) and annotations that are
views into its text by offsets. Every annotation carries `start`/`end` (a
Python str index, end exclusive) and its raw `text`, so that
`doc.text[a.start:a.end] == a.text` holds for every record."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Role(StrEnum):
    REVIEW = "review"
    PLAN = "plan"
    OTHER = "other"


class Kind(StrEnum):
    ACTUAL = "actual"
    TARGET = "target"
    PLAN = "plan"
    GROWTH = "growth"
    RANK = "rank"


class Qualifier(StrEnum):
    APPROX = "approx"
    OVER = "over"
    UNDER = "under"
    RANGE = "range"


class Strength(StrEnum):
    MUST = "must"
    AIM = "aim"
    EXPLORE = "explore"
    DO = "do"


class EntityType(StrEnum):
    ORG = "ORG"
    GOV = "GOV"
    PLACE = "PLACE"
    PROJECT = "PROJECT"
    POLICY = "POLICY"


@dataclass(frozen=True, slots=True)
class Source:
    path: str | None = None
    format: str = "txt"
    encoding: str | None = "utf-8"
    sha256: str | None = None
    chars: int = 0


@dataclass(frozen=True, slots=True)
class Span:
    """A plain stretch of text: a sentence, a clause, a lead phrase."""
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Item:
    """A numbered item (一是, （一）, 1.) with its lead phrases and sub-items.
    `start` is where the label starts; `end` the end of its last line."""
    label: str
    title: str
    start: int
    end: int
    title_start: int
    title_end: int
    style: str = ""                      # e.g. "一是", "（一）", "1.", "第一，"
    topics: tuple[Span, ...] = ()
    children: tuple["Item", ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """A top-level part of the report. `id` is intro / review / plan / trailer
    or a running name; `role` is what it does."""
    id: str
    label: str | None
    title: str | None
    role: Role
    start: int
    end: int
    heading_start: int | None = None
    heading_end: int | None = None
    year: int | None = None
    preamble: Span | None = None
    items: tuple[Item, ...] = ()


@dataclass(frozen=True, slots=True)
class Structure:
    sections: tuple[Section, ...] = ()
    sentences: tuple[Span, ...] = ()
    clauses: tuple[Span, ...] = ()
    review_year: int | None = None
    plan_year: int | None = None

    def section_at(self, pos: int) -> Section | None:
        for s in self.sections:
            if s.start <= pos < s.end:
                return s
        return None


@dataclass(frozen=True, slots=True)
class Quantity:
    text: str
    start: int
    end: int
    value: float | None
    unit: str
    unit_surface: str | None = None
    qualifier: Qualifier | None = None
    low: float | None = None
    high: float | None = None
    metric: str | None = None
    kind: Kind = Kind.ACTUAL
    of: str | None = None
    period: str | None = None
    section: str | None = None
    firmness: str | None = None          # 确保 / 力争 / 争取 / 左右 / 以上 / 以内 / 不低于


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    start: int
    end: int
    type: EntityType
    nested: bool = False


@dataclass(frozen=True, slots=True)
class Task:
    id: str
    text: str
    start: int
    end: int
    area: str | None = None
    topic: str | None = None
    verb: str | None = None
    object: str | None = None
    strength: Strength = Strength.DO
    deadline: str | None = None
    due: str | None = None               # ISO date normalised from the deadline
    targets: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    lead_unit: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    text: str
    source: Source = field(default_factory=Source)
    title: str | None = None
    government: str | None = None
    structure: Structure = field(default_factory=Structure)
    quantities: tuple[Quantity, ...] = ()
    tasks: tuple[Task, ...] = ()
    entities: tuple[Entity, ...] = ()

    def to_dict(self) -> dict:
        """The extraction format (shared/spec/extraction-format.md)."""
        d = asdict(self)
        d["structure"] = {"sections": d["structure"]["sections"],
                          "review_year": self.structure.review_year,
                          "plan_year": self.structure.plan_year,
                          "sentences": len(self.structure.sentences),
                          "clauses": len(self.structure.clauses)}
        return d
