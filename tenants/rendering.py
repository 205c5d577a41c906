"""One way to answer with HTML: the whole page, or only its fragment for htmx requests."""
from flask import g, render_template, request, url_for
from flask_htmx import HTMX
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

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


def csrf_field():
    """The hidden CSRF input of a hand-written form, made once a request: a page with a form on
    each of its rows would otherwise ask flask-wtf for the token (and its settings) per row."""
    if "csrf_field" not in g:
        g.csrf_field = Markup('<input type="hidden" name="csrf_token" value="%s">') % generate_csrf()
    return g.csrf_field


def url_for_each(endpoint, varying, **values):
    """A function of one id giving url_for(endpoint, **{varying: id}, **values): for lists
    that link each row, since url_for costs tens of microseconds a call and a page of 25 to 50
    rows with two or three links each spent milliseconds on it. Ids are integers, which an
    address carries as they are, so one address built with a marker and split on it serves all."""
    marker = 7_070_707_070_707
    before, after = url_for(endpoint, **values, **{varying: marker}).split(str(marker))
    return lambda id: f"{before}{int(id)}{after}"
