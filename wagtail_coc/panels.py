from wagtail.admin.panels import Panel


class ChecklistPanel(Panel):
    """Shows the guide's best-practice checklist for the page being edited."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "wagtail_coc/panels/checklist.html"

        def get_context_data(self, parent_context=None):
            from wagtail_coc.audit import audit_page

            context = super().get_context_data(parent_context)
            context["report"] = audit_page(self.instance) if self.instance.pk else None
            return context
