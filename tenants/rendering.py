"""One way to answer with HTML: the whole page, or only its fragment for htmx requests."""
from flask import render_template, request
from flask_htmx import HTMX

htmx = HTMX()


def confirm_first(question, consequences, yes, back, **fields):
    """None once the person has confirmed (the form carried confirmed=yes); until then the page
    that asks `question`, sending the form's `fields` again. A page, not a script's dialog, so it
    works without JavaScript and under a strict Content-Security-Policy alike."""
    if request.form.get("confirmed") == "yes":
        return None
    return render("tenant/confirm.html", question=question, consequences=consequences, yes=yes, back=back,
                  action=request.path, fields=fields)


def render(template, fragment=None, status=200, **context):
    """Render `template`, or `fragment` instead when htmx asked for a part of the page.

    Boosted navigation (hx-boost) swaps the whole body, so it gets the whole page.
    """
    partial = fragment is not None and bool(htmx) and not htmx.boosted
    body = render_template(fragment if partial else template, **context)
    return body, status, {"Vary": "HX-Request"}
