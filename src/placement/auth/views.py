"""The page that replaces a one-time password at first sign-in ("nieuw wachtwoord kiezen").

A session of an account created with a generated password reaches nothing else until it is
done (the PrincipalMiddleware sends every page there); the rule itself lives in
UserService.replace_one_time_password. Form checks and Dutch wording stay here.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.response import Redirect

from placement.auth.access import signed_in
from placement.auth.middleware import CHOOSE_PASSWORD_PAGE
from placement.auth.passwords import MIN_LENGTH
from placement.auth.principal import Principal
from placement.auth.users import UserService
from placement.core.errors import Conflict, ValidationFailed
from placement.core.providers import from_request
from placement.web.page_helpers import page

_FIELD_LABELS = {"new_password": "Nieuw wachtwoord",
                 "new_password_repeat": "Nieuw wachtwoord (nog eens)"}
_REASONS = (("at least", f"minstens {MIN_LENGTH} tekens"),
            ("at most", "te lang"),
            ("too common", "te gangbaar: kies een minder voor de hand liggend wachtwoord"),
            ("your name", "mag je naam of e-mailadres niet bevatten"),
            ("not the same", "is niet gelijk aan het nieuwe wachtwoord"),
            ("one-time password", "moet anders zijn dan het eenmalige wachtwoord"))


def _dutch(reason: str) -> str:
    return next((dutch for key, dutch in _REASONS if key in reason), "klopt niet")


class ChoosePasswordPage(Controller):
    path = CHOOSE_PASSWORD_PAGE
    include_in_schema = False
    dependencies = {"users": from_request(UserService)}

    @get("/", **signed_in())
    async def form(self, principal: Principal, request: Request[Any, Any, Any]) -> Any:
        if not principal.must_change_password:
            return Redirect("/")
        return _form(request)

    @post("/", **signed_in(), status_code=303)
    async def choose(self, principal: Principal, users: UserService,
                     request: Request[Any, Any, Any]) -> Any:
        form = await request.form()
        new, repeated = str(form.get("new_password") or ""), \
            str(form.get("new_password_repeat") or "")
        try:
            await users.replace_one_time_password(new, repeated)
        except ValidationFailed as exc:
            errors = [{"field": e["field"], "label": _FIELD_LABELS.get(e["field"], e["field"]),
                       "reason": _dutch(e["reason"])} for e in exc.errors or []]
            return _form(request, errors=errors, status=400)
        except Conflict:
            return Redirect("/", status_code=303)  # nothing to replace (anymore)
        return Redirect("/?wachtwoord=gekozen", status_code=303)


def _form(request: Request[Any, Any, Any], *, errors: list[dict[str, str]] | None = None,
          status: int = 200) -> Any:
    return page("choose_password.html", {
        "csrf_token": request.scope.get("csrf_secret", ""), "errors": errors or [],
        "min_length": MIN_LENGTH}, status_code=status)
