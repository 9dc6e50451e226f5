from wagtail.fields import RichTextField, StreamField

# The project's base page model, Wagtail's Page unless WAGTAIL_PAGE_MODEL swaps it.
from wagtail_coc.base_page import BasePage
from wagtail_coc.blocks import EmbeddableCoCBlocks


class HomePage(BasePage):
    """The demo site's home page; it embeds CoC blocks to show they work on any page."""

    intro = RichTextField(blank=True)
    body = StreamField(EmbeddableCoCBlocks(), blank=True)

    content_panels = [*BasePage.content_panels, "intro", "body"]
