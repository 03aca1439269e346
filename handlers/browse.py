"""Menus to walk the model catalogue per locality and the criteria sets."""

from __future__ import annotations

from handlers.types import Choice, Reply
from knowledge.loader import KnowledgeBase
from knowledge.model import Locality, Model

BACK_TO_LOCALITIES = Choice("menu:mohinh", "« Chọn địa phương khác")


def criteria_menu(kb: KnowledgeBase) -> Reply:
    """The criteria sets to choose from."""
    choices = tuple(Choice(f"tc:{s.id}", s.name) for s in kb.criteria)
    return Reply("Đồng chí muốn xem bộ tiêu chí nào?", choices)


def criteria_reply(kb: KnowledgeBase, set_id: str) -> Reply:
    """One criteria set, item by item, with its source."""
    cset = next((s for s in kb.criteria if s.id == set_id), None)
    if cset is None:
        return criteria_menu(kb)
    lines = [f"{cset.name} ({len(cset.items)} tiêu chí):"]
    lines += [f"({i}) {item}" for i, item in enumerate(cset.items, 1)]
    if cset.note:
        lines.append(f"\n{cset.note}.")
    lines.append(f"\n📄 {kb.source_line(cset.source, cset.section)}")
    others = tuple(Choice(f"tc:{s.id}", s.name) for s in kb.criteria if s.id != cset.id)
    return Reply("\n".join(lines), others)


def models_menu(kb: KnowledgeBase) -> Reply:
    """The localities whose model catalogue can be browsed."""
    choices = tuple(Choice(f"ml:{loc.id}", loc.name) for loc in kb.localities)
    return Reply("Đồng chí muốn xem danh mục mô hình của đâu?", choices)


def _locality(kb: KnowledgeBase, locality_id: str) -> Locality | None:
    return next((loc for loc in kb.localities if loc.id == locality_id), None)


def locality_reply(kb: KnowledgeBase, locality_id: str) -> Reply:
    """The models of one locality, grouped, each one a choice for details."""
    loc = _locality(kb, locality_id)
    if loc is None:
        return models_menu(kb)
    lines = [f"{loc.name}:"]
    choices = []
    for group in loc.groups:
        first = len(choices) + 1
        choices += [Choice(f"mm:{model.id}", model.name) for model in group.models]
        if len(loc.groups) > 1:
            span = f"số {first}" if first == len(choices) else f"số {first}–{len(choices)}"
            lines.append(f"▪ {group.name}: mô hình {span}")
    lines.append("\nChọn một mô hình để xem mục tiêu, cơ quan chủ trì, phối hợp và tiến độ.")
    return Reply("\n".join(lines), (*choices, BACK_TO_LOCALITIES))


def model_reply(kb: KnowledgeBase, model_id: str) -> Reply:
    """Everything the source says about one model."""
    for loc in kb.localities:
        for model in loc.models:
            if model.id == model_id:
                return Reply(
                    _describe(kb, loc, model), (Choice(f"ml:{loc.id}", "« Các mô hình khác"),)
                )
    return models_menu(kb)


def _describe(kb: KnowledgeBase, loc: Locality, model: Model) -> str:
    lines = [f"Mô hình “{model.name}”"]
    fields = [
        ("Mục tiêu", model.goal),
        ("Chỉ tiêu", model.target),
        ("Chủ trì" if loc.id != "thanh-pho" else "Giao cho", model.lead),
        ("Tham mưu", model.advisor),
        ("Phối hợp", model.partners),
    ]
    lines += [f"- {label}: {value}" for label, value in fields if value]
    for milestone in model.milestones:
        lines.append(f"- {milestone.label}: {milestone.quarter or milestone.text}")
    lines.append(f"\n📄 {kb.source_line(loc.source, model.section)}")
    return "\n".join(lines)
