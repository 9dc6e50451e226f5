"""Signing in to the Wagtail admin from Playwright, for users created with ``PASSWORD``."""

PASSWORD = "correct-horse-battery"


def log_in(page, base_url, username):
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")
