from wagtail.admin.panels import Panel


class ChecklistPanel(Panel):
    """Shows the guide's best-practice checklist for the page being edited."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_coc/panels/checklist.html"
