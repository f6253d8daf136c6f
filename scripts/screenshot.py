"""Take a full-page screenshot of a Claimdesk page with headless Chromium (for the README).

    .venv/bin/python scripts/screenshot.py http://127.0.0.1:8000 /articles/1/ledger/ docs/screenshots/ledger.png \
        --username editor --password claimdesk-editor
"""

import argparse

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url")
    parser.add_argument("path")
    parser.add_argument("output")
    parser.add_argument("--username")
    parser.add_argument("--password")
    parser.add_argument("--width", type=int, default=1100)
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 900})
        if args.username:
            page.goto(args.base_url + "/accounts/login/")
            page.get_by_label("Username").fill(args.username)
            page.get_by_label("Password").fill(args.password)
            page.get_by_role("button", name="Log in").click()
            page.wait_for_load_state()
        page.goto(args.base_url + args.path)
        page.screenshot(path=args.output, full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
