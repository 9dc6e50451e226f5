"""Report summaries held one category and one outcome; they now hold lists of each.

Moves every stored summary (page rows and revisions) to the new shape: ``category`` becomes
``categories: [category]`` and ``outcome`` becomes one item of ``outcomes`` with no detail.
Nothing is lost, and the block still reads the old shape should any copy of it survive.
"""

import uuid

from django.db import migrations
from wagtail.blocks.migrations.migrate_operation import MigrateStreamData
from wagtail.blocks.migrations.operations import BaseBlockOperation


class SummaryToListsOperation(BaseBlockOperation):
    def apply(self, block_value):
        if not isinstance(block_value, dict) or (
            "category" not in block_value and "outcome" not in block_value
        ):
            return block_value
        value = dict(block_value)
        category = value.pop("category", None)
        outcome = value.pop("outcome", None)
        value.setdefault("title", "")
        value.setdefault("cases", None)
        value.setdefault("categories", [category] if category else [])
        value.setdefault(
            "outcomes",
            [
                {
                    "type": "item",
                    "value": {"outcome": outcome, "detail": ""},
                    "id": str(uuid.uuid4()),
                }
            ]
            if outcome
            else [],
        )
        return value

    @property
    def operation_name_fragment(self):
        return "summary_to_lists"


class Migration(migrations.Migration):
    dependencies = [
        ("wagtail_coc_transparency", "0003_report_scope_and_outcomes"),
    ]

    operations = [
        MigrateStreamData(
            app_name="wagtail_coc_transparency",
            model_name="TransparencyReportPage",
            field_name="reports",
            operations_and_block_paths=[(SummaryToListsOperation(), "report")],
        ),
    ]
