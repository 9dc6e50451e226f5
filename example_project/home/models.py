from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from wagtail_coc.blocks import EmbeddableCoCBlocks


class HomePage(Page):
    """The demo site's home page; it embeds CoC blocks to show they work on any page."""

    intro = RichTextField(blank=True)
    body = StreamField(EmbeddableCoCBlocks(), blank=True)

    content_panels = [*Page.content_panels, "intro", "body"]
