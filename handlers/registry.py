"""The features the assistant is made of; the router asks them in this order."""

from __future__ import annotations

from handlers import lich_feature, qa_feature
from handlers.feature import Feature
from handlers.reports import feature as reports_feature

FEATURES: tuple[Feature, ...] = (
    qa_feature.FEATURE,
    reports_feature.FEATURE,
    lich_feature.FEATURE,
)
