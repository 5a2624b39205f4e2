"""Two trainees of one JupyterHub, one browser: bruno, logging in after alice in the same browser profile
(so the same origin and the same localStorage), must not find alice's answers in his progress file,
and alice's file must keep them all.

A real JupyterHub runs on 127.0.0.1 from a generated ``jupyterhub_config.py``: DummyAuthenticator
with a password, SimpleLocalProcessSpawner (one home per user, HOME set to it), the venv's
``jupyterhub-singleuser`` — the course package is installed in the venv, which stands for « installez
la formation dans l'image des utilisateurs » of the README (« Déployer pour un groupe »); its JupyterLab
settings, which an image gets in {sys.prefix}/etc/jupyter, reach the single-user servers through
JUPYTER_CONFIG_PATH, as with ``make lab`` — and the npm ``configurable-http-proxy``. The course's
notebooks are copied into each home as nbgitpuller would (``~/transition-numerique/notebooks``). The
single-user servers get no TRANSITION_NUMERIQUE_PROGRESS: each trainee's progress lives in platformdirs'
default, ``~/.local/share/transition-numerique``.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lab_driver import (
    A_ANSWERED,
    A_RATED,
    B_RATED,
    CHAPTER,
    COURSE_CONFIG,
    QUIET_LAB,
    ROOT,
    Outside,
    act_as_a,
    act_as_b,
    chapter_progress,
    copy_course,
    course_storage,
    free_port,
    has_all_of_a,
    kernel_idle,
    leaked_from_a,
    run_all_cells,
    stop_tree,
    wait_for,
    wait_http,
    without_course_env,
)

pytestmark = pytest.mark.browser

BIN = Path(sys.executable).parent
PROXY = ROOT / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "formation-partagee"
USERS = ("alice", "bruno")
COURSE = "transition-numerique/notebooks"

CONFIG = """\
c = get_config()  # noqa: F821
c.JupyterHub.bind_url = {bind_url!r}
c.JupyterHub.hub_bind_url = {hub_bind_url!r}
c.ConfigurableHTTPProxy.api_url = {proxy_api_url!r}
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.JupyterHub.db_url = {db_url!r}
c.JupyterHub.cookie_secret = bytes.fromhex({cookie_secret!r})
c.JupyterHub.pid_file = {pid_file!r}
c.JupyterHub.cleanup_servers = True
c.JupyterHub.cleanup_proxy = True
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {password!r}
c.Authenticator.allowed_users = {users!r}
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {home_template!r}
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.args = {args!r}
c.Spawner.default_url = "/lab"
c.Spawner.ip = "127.0.0.1"
c.Spawner.environment = {{"JUPYTER_CONFIG_PATH": {config_path!r}}}
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
c.LocalProcessSpawner.interrupt_timeout = 5
c.LocalProcessSpawner.term_timeout = 5
c.LocalProcessSpawner.kill_timeout = 5
# The test’s own client: reads the single-user servers' API (kernel state) with a token.
c.JupyterHub.services = [{{"name": "test-driver", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [
    {{"name": "test-driver", "scopes": ["access:servers"], "services": ["test-driver"]}},
]
"""


@dataclass
class Hub:
    url: str
    token: str
    users: Path

    def progress(self, user: str) -> Path:
        """Where platformdirs puts the user's progress under SimpleLocalProcessSpawner's HOME."""
        return self.users / user / ".local" / "share" / "transition-numerique" / "progress.json"

    def sessions(self, user: str) -> list[dict]:
        request = urllib.request.Request(
            f"{self.url}/user/{user}/api/sessions", headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.load(response)


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    """JupyterHub on 127.0.0.1 (free ports) with alice's and bruno's homes ready; always stopped, with
    its proxy, the single-user servers and their kernels."""
    if not PROXY.exists():
        pytest.fail("configurable-http-proxy est introuvable : lancez 'npm ci' (ou 'make setup').")
    users = tmp_path / "users"
    for user in USERS:
        copy_course(users / user / COURSE)
    port, hub_port, api_port = free_port(), free_port(), free_port()
    token = secrets.token_hex(32)
    config = tmp_path / "jupyterhub_config.py"
    config.write_text(
        CONFIG.format(
            bind_url=f"http://127.0.0.1:{port}",
            hub_bind_url=f"http://127.0.0.1:{hub_port}",
            proxy_api_url=f"http://127.0.0.1:{api_port}",
            proxy=str(PROXY),
            db_url=f"sqlite:///{tmp_path / 'jupyterhub.sqlite'}",
            cookie_secret=secrets.token_hex(32),
            pid_file=str(tmp_path / "jupyterhub.pid"),
            password=PASSWORD,
            users=set(USERS),
            home_template=str(users / "{username}"),
            singleuser=str(BIN / "jupyterhub-singleuser"),
            args=[*QUIET_LAB, *(["--allow-root"] if os.geteuid() == 0 else [])],
            token=token,
            config_path=str(COURSE_CONFIG),
        ),
        encoding="utf-8",
    )
    log = tmp_path / "jupyterhub.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            [BIN / "jupyterhub", "-f", config],
            stdout=output,
            stderr=subprocess.STDOUT,
            env=without_course_env(dict(os.environ)),
            cwd=tmp_path,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(f"{url}/hub/login", server, log, timeout=60)  # through the proxy: both are up
        yield Hub(url, token, users)
    finally:
        stop_tree(server, timeout=30)


def log_in(page, hub: Hub, user: str) -> None:
    """The hub's login form; the hub then starts the user's server and opens JupyterLab."""
    page.goto(f"{hub.url}/hub/login", timeout=30_000)
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill(PASSWORD)
    page.locator("#login_submit").click()
    page.wait_for_url(f"{hub.url}/user/{user}/lab**", timeout=90_000)


def open_chapter(page, hub: Hub, user: str) -> None:
    page.goto(f"{hub.url}/user/{user}/lab/tree/{COURSE}/{CHAPTER}", timeout=60_000)
    run_all_cells(page, lambda: kernel_idle(hub.sessions(user)))


def test_second_trainee_on_the_hub_does_not_get_the_first_ones_answers(browser, hub: Hub) -> None:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    outside = Outside(hub.url)
    outside.attach(context)
    alice, bruno = hub.progress("alice"), hub.progress("bruno")
    try:
        page = context.new_page()
        log_in(page, hub, "alice")
        open_chapter(page, hub, "alice")
        act_as_a(page, alice)
        storage_alice = course_storage(page)
        page.goto(f"{hub.url}/hub/logout", timeout=30_000)
        wait_for(page, lambda: "/hub/" in page.url, timeout=30, what="déconnexion d’alice")
        log_in(page, hub, "bruno")
        open_chapter(page, hub, "bruno")
        act_as_b(page, bruno)
        page.close()
    finally:
        context.close()
    saved_bruno = chapter_progress(bruno)
    assert leaked_from_a(bruno) == {"quiz": {}, "autoevaluation": {}}, (
        f"les réponses d’alice se retrouvent dans le fichier de bruno ({bruno}) : {saved_bruno} ; "
        f"localStorage laissé par alice : {storage_alice}"
    )
    assert saved_bruno == {"quiz": {}, "autoevaluation": B_RATED}
    assert has_all_of_a(alice), (
        f"le fichier d’alice a changé : {chapter_progress(alice)} au lieu de {A_ANSWERED}, {A_RATED}"
    )
    assert outside.urls == []
