"""`make run` demo accounts: one per organisation role in two organisations and one platform
account (functioneel beheer), password from the setting."""

from __future__ import annotations

from placement.auth.demo_accounts import ensure_demo_accounts
from tests.security.helpers import login


async def test_demo_accounts_per_role_and_password_from_settings(settings, conn, client,
                                                                 capsys) -> None:
    generated = await ensure_demo_accounts(settings)
    assert generated.generated and len(generated.emails) == 9
    assert generated.password in capsys.readouterr().out  # printed once for the operator
    roles = await conn.fetch(
        """SELECT o.name, array_agg(r ORDER BY r) AS roles
           FROM users u JOIN organisations o ON o.id = u.organisation_id, unnest(u.roles) r
           WHERE r <> 'functioneel_beheer' GROUP BY o.name""")
    assert len(roles) == 2
    assert all(r["roles"] == ["beheerder", "commissie", "plaatser", "werver"] for r in roles)
    assert await conn.fetchval(
        "SELECT count(*) FROM users WHERE 'functioneel_beheer' = ANY (roles)") == 1
    assert (await login(client, generated.emails[0], generated.password)).status_code == 200

    chosen = await ensure_demo_accounts(settings.replace(demo_password="Demo-Wachtwoord-Lang"))
    assert not chosen.generated and "Demo-Wachtwoord-Lang" not in capsys.readouterr().out
    assert await conn.fetchval("SELECT count(*) FROM users") == 9  # reused, not duplicated
    assert (await login(client, chosen.emails[-1], "Demo-Wachtwoord-Lang")).status_code == 200
    assert (await login(client, chosen.emails[1], generated.password)).status_code == 401
