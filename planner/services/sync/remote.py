"""Talking to calendar servers: CalDAV through the ``caldav`` library, .ics subscriptions over HTTP.

Every request has a time limit (``TIMEOUT``); a request that changes nothing (a listing, a fetch)
is tried again at most ``RETRIES`` times after a dropped or refused connection, with a short pause
(a request that timed out is not tried again: the server is there, but slow). Whatever
goes wrong on the network becomes a PlannerError that names the server and what to do: a server
that is down, a refused password, an address that is not a calendar. Nothing here touches the
data file.

Hrefs are kept relative to the calendar collection (``a1b2.ics``), which keeps the sync state
small; ``absolute`` turns them back into URLs.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote, urljoin, urlsplit
from xml.sax.saxutils import escape

from planner.domain.errors import PlannerError
from planner.i18n import _

TIMEOUT = 60  # seconds, per request (a first listing of thousands of events takes a slow server a while)
RETRIES = 2
BATCH = 250  # events per calendar-multiget REPORT
PARALLEL = 3  # calendar-multiget REPORTs under way at once
MAX_ICS_BYTES = 20 * 1024 * 1024

Progress = Callable[[int, int], None]
_D, _C = "{DAV:}", "{urn:ietf:params:xml:ns:caldav}"


def normalise_url(url: str) -> str:
    """webcal:// -> https://; anything but http(s) is refused."""
    url = url.strip()
    if not url:
        raise PlannerError(_("give the calendar's address: an https:// (or webcal://) URL"))
    scheme, _sep, rest = url.partition("://")
    if scheme.lower() in ("webcal", "webcals"):
        url = "https://" + rest
    elif scheme.lower() not in ("http", "https") or not rest:
        raise PlannerError(_("{url!r} is not a calendar address; give an https:// (or webcal://) URL").format(url=url))
    if not urlsplit(url).hostname:
        raise PlannerError(_("{url!r} names no server").format(url=url))
    return url


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc.rpartition("@")[2] or url


@dataclass(slots=True)
class Found:
    """A calendar found on a server."""

    name: str
    url: str


@dataclass(slots=True)
class Listing:
    """What the server has (or, with a sync token, what changed): href -> ETag, and what went."""

    etags: dict[str, str]
    deleted: set[str]
    token: str
    full: bool  # every event of the calendar is listed (not only the changes)


@dataclass(slots=True)
class Fetched:
    href: str
    etag: str
    text: str


@dataclass(slots=True)
class PutResult:
    ok: bool  # False: the server's copy changed since (412)
    etag: str = ""


@dataclass(slots=True)
class Subscription:
    changed: bool  # False: 304 Not Modified
    text: str = ""
    etag: str = ""


class Refused(PlannerError):
    """The server refused the user name or password (or this account may not open the address)."""


@contextmanager
def _guard(url: str) -> Iterator[None]:
    """Network and protocol failures -> a PlannerError naming the server."""
    from caldav.lib import error

    host = host_of(url)
    try:
        yield
    except PlannerError:
        raise
    except error.AuthorizationError:
        raise Refused(_("{host} refused the user name or password (or this account may not open "
                             "{url}); check them with `planner calendars add` again").format(host=host, url=url)) from None
    except error.NotFoundError:
        raise PlannerError(_("{host} has nothing at {url} (404); check the address").format(host=host, url=url)) from None
    except error.RateLimitError:
        raise PlannerError(_("{host} is busy (it asked planner to wait); sync again later").format(host=host)) from None
    except error.DAVError as exc:
        raise PlannerError(_("{host} answered {url} with an error: {why}").format(
            host=host, url=url, why=str(exc).splitlines()[0][:200])) from None
    except OSError as exc:  # niquests' ConnectionError and Timeout are OSErrors
        why = _("no answer in {seconds} s").format(seconds=TIMEOUT) if _timed_out(exc) else type(exc).__name__
        raise PlannerError(_("cannot reach {host} ({why}); nothing was changed, and your changes wait for "
                             "the next sync").format(host=host, why=why)) from None


def _retrying(call: Callable[[], Any]) -> Any:
    """Run a request that changes nothing, again after a dropped connection (bounded)."""
    for attempt in range(RETRIES + 1):
        try:
            return call()
        except OSError as exc:
            if attempt == RETRIES or _timed_out(exc):
                raise
            time.sleep(0.2 * (2**attempt))
    raise AssertionError("unreachable")  # pragma: no cover


def _timed_out(exc: OSError) -> bool:
    return isinstance(exc, TimeoutError) or "timeout" in type(exc).__name__.lower() or "timed out" in str(exc)


class CalDAV:
    """One CalDAV account at one address."""

    def __init__(self, url: str, user: str = "", password: str | None = None, *, timeout: float = TIMEOUT):
        import caldav

        self.url = url
        self.timeout = timeout
        self.client = caldav.DAVClient(url=url, username=user or None, password=password, timeout=timeout,
                                       enable_rfc6764=False)
        self._calendar: Any = None

    def close(self) -> None:
        self.client.close()

    # -- finding calendars --------------------------------------------------------------------------

    def kind(self) -> tuple[str, str]:
        """("calendar", display name) for a calendar collection, ("other", "") for a server or
        principal address to discover calendars from, ("none", "") for a server that speaks no
        WebDAV (a plain web server: perhaps an .ics file)."""
        import caldav
        from caldav.elements import dav

        from caldav.lib import error

        with _guard(self.url):
            try:
                props = _retrying(lambda: caldav.Calendar(client=self.client, url=self.url).get_properties(
                    [dav.ResourceType(), dav.DisplayName()]))
            except (OSError, error.AuthorizationError, error.NotFoundError, error.RateLimitError):
                raise
            except Exception:  # noqa: BLE001 - not a WebDAV server (a plain web server, an HTML page)
                return "none", ""
        types = props.get("{DAV:}resourcetype") or []
        if "{urn:ietf:params:xml:ns:caldav}calendar" in types:
            return "calendar", str(props.get("{DAV:}displayname") or "")
        return "other", ""

    def discover(self) -> list[Found]:
        """The calendars of the account (the principal found from the address)."""
        with _guard(self.url):
            principal = _retrying(self.client.principal)
            found = [Found(str(c.get_display_name() or "") or _last_segment(str(c.url)), str(c.url))
                     for c in _retrying(principal.calendars)]
        return sorted(found, key=lambda f: f.name.casefold())

    # -- reading ----------------------------------------------------------------------------------

    def _cal(self):
        if self._calendar is None:
            import caldav

            self._calendar = caldav.Calendar(client=self.client, url=self.url)
        return self._calendar

    def _rel(self, url: Any) -> str:
        path = unquote(urlsplit(str(url)).path)
        base = unquote(urlsplit(self.url).path)
        return path[len(base):] if path.startswith(base) else path

    def absolute(self, href: str) -> str:
        return href if "://" in href else urljoin(self.url, quote(href, safe="/@:"))

    def _report(self, body: str):
        """A REPORT on the calendar: its multistatus (an lxml element), or None."""
        response = self.client.report(self.url, body, 1)
        if response.status >= 300 and response.status != 207:
            from caldav.lib import error

            raise error.ReportError(f"{response.status} {response.reason}")
        return response.tree

    def _sync_report(self, token: str) -> Listing:
        body = (f'<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:">'
                f"<d:sync-token>{escape(token)}</d:sync-token><d:sync-level>1</d:sync-level>"
                "<d:prop><d:getetag/></d:prop></d:sync-collection>")
        etags: dict[str, str] = {}
        deleted: set[str] = set()
        tree = self._report(body)
        new_token = ""
        if tree is not None:
            found = tree.find(_D + "sync-token")
            new_token = (found.text or "").strip() if found is not None else ""
            for item in tree.iter(_D + "response"):
                href = self._rel(item.findtext(_D + "href") or "")
                if not href or href.endswith("/"):
                    continue  # the collection itself
                if "404" in (item.findtext(_D + "status") or ""):
                    deleted.add(href)
                    continue
                etags[href] = (item.findtext(f"{_D}propstat/{_D}prop/{_D}getetag") or "").strip()
        return Listing(etags, deleted, new_token, not token)

    def _propfind_etags(self) -> Listing:
        """Every event's ETag, for a server without sync tokens."""
        body = ('<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:getetag/>'
                "</d:prop></d:propfind>")
        response = self.client.propfind(self.url, body, 1)
        etags: dict[str, str] = {}
        if response.tree is not None:
            for item in response.tree.iter(_D + "response"):
                href = self._rel(item.findtext(_D + "href") or "")
                if href and not href.endswith("/"):
                    etags[href] = (item.findtext(f"{_D}propstat/{_D}prop/{_D}getetag") or "").strip()
        return Listing(etags, set(), "", True)

    def changes(self, token: str) -> Listing:
        """What changed since ``token`` (an RFC 6578 sync-collection REPORT); every event with
        its ETag when the token is empty or expired, or (a PROPFIND) when the server has no
        sync tokens."""
        from caldav.lib import error

        with _guard(self.url):
            try:
                return _retrying(lambda: self._sync_report(token))
            except error.AuthorizationError as exc:
                if "valid-sync-token" not in " ".join(getattr(exc, "preconditions", ()) or ()):
                    if token or getattr(exc, "preconditions", None):
                        raise
                    return _retrying(self._propfind_etags)
                return _retrying(lambda: self._sync_report(""))  # the token expired: start over
            except error.DAVError:
                return _retrying(self._propfind_etags)

    def everything(self) -> tuple[Listing, list[Fetched]]:
        """Every event with its ETag in one calendar-query REPORT, and the sync token to ask
        from next time (read first: a change in between is fetched again next time, never
        missed). For a first sync this costs the server about half of a listing and its fetches."""
        body = ('<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:"><d:prop><d:sync-token/>'
                "</d:prop></d:propfind>")
        query = ('<?xml version="1.0" encoding="utf-8"?><c:calendar-query xmlns:d="DAV:" '
                 f'xmlns:c="{_C[1:-1]}"><d:prop><d:getetag/><c:calendar-data/></d:prop><c:filter>'
                 '<c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT"/></c:comp-filter></c:filter>'
                 "</c:calendar-query>")
        with _guard(self.url):
            response = _retrying(lambda: self.client.propfind(self.url, body, 0))
            token = ""
            if response.tree is not None:
                token = (response.tree.findtext(f".//{_D}sync-token") or "").strip()
            tree = _retrying(lambda: self._report(query))
        got = self._calendar_data(tree)
        return Listing({f.href: f.etag for f in got}, set(), token, True), got

    def _calendar_data(self, tree) -> list[Fetched]:
        got = []
        prop = f"{_D}propstat/{_D}prop/"
        for item in [] if tree is None else tree.iter(_D + "response"):
            data = item.findtext(prop + _C + "calendar-data")
            if data:
                got.append(Fetched(self._rel(item.findtext(_D + "href") or ""),
                                   (item.findtext(prop + _D + "getetag") or "").strip(), data))
        return got

    def _multiget(self, hrefs: list[str]) -> list[Fetched]:
        paths = "".join(f"<d:href>{escape(urlsplit(self.absolute(h)).path)}</d:href>" for h in hrefs)
        body = ('<?xml version="1.0" encoding="utf-8"?><c:calendar-multiget xmlns:d="DAV:" '
                f'xmlns:c="{_C[1:-1]}"><d:prop><d:getetag/><c:calendar-data/></d:prop>{paths}'
                "</c:calendar-multiget>")
        return self._calendar_data(self._report(body))

    def fetch(self, hrefs: Iterable[str], progress: Progress | None = None) -> list[Fetched]:
        """The events at ``hrefs`` with their ETags (calendar-multiget), ``BATCH`` per request,
        up to ``PARALLEL`` requests at a time (the server works while planner reads the last
        answer). In the order asked for."""
        wanted = list(hrefs)
        batches = [wanted[i:i + BATCH] for i in range(0, len(wanted), BATCH)]
        if len(batches) <= 1:
            got = self._multiget_guarded(self, batches[0]) if batches else []
            if progress is not None and batches:
                progress(len(wanted), len(wanted))
            return got
        from concurrent.futures import ThreadPoolExecutor

        helpers = [self] + [self.twin() for _ in range(min(PARALLEL, len(batches)) - 1)]
        done = 0
        results: list[list[Fetched]] = []
        try:
            with ThreadPoolExecutor(len(helpers)) as pool:
                jobs = [pool.submit(self._multiget_guarded, helpers[i % len(helpers)], batch)
                        for i, batch in enumerate(batches)]
                for job, batch in zip(jobs, batches):
                    results.append(job.result())
                    done += len(batch)
                    if progress is not None:
                        progress(done, len(wanted))
        finally:
            for helper in helpers[1:]:
                helper.close()
        return [fetched for part in results for fetched in part]

    @staticmethod
    def _multiget_guarded(conn: CalDAV, batch: list[str]) -> list[Fetched]:
        with _guard(conn.url):
            return _retrying(lambda: conn._multiget(batch))

    def twin(self) -> CalDAV:
        """Another connection to the same calendar (one per thread)."""
        return CalDAV(self.url, self.client.username or "", self.client.password, timeout=self.timeout)

    def get(self, href: str) -> Fetched | None:
        """One event as the server has it now; None if it is gone."""
        url = self.absolute(href)
        with _guard(url):
            response = _retrying(lambda: self.client.request(url, "GET", ""))
        if response.status == 404:
            return None
        if response.status >= 300:
            raise PlannerError(_("{host} answered {url} with {status}").format(
                host=host_of(url), url=url, status=response.status))
        return Fetched(href, str(response.headers.get("ETag", "") or ""), str(response.raw))

    # -- writing ----------------------------------------------------------------------------------

    def put(self, href: str, text: str, etag: str | None) -> PutResult:
        """Write an event: over the version with ``etag`` (If-Match), or as a new one (None:
        If-None-Match). A 412 means the server's copy changed meanwhile: nothing was written."""
        url = self.absolute(href)
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if etag is None:
            headers["If-None-Match"] = "*"
        elif etag:
            headers["If-Match"] = etag
        with _guard(url):
            response = self.client.put(url, text, headers)
        if response.status == 412:
            return PutResult(False)
        if response.status >= 300:
            raise PlannerError(_("{host} did not take the change to {url} ({status}); it waits for the next "
                                 "sync").format(host=host_of(url), url=url, status=response.status))
        return PutResult(True, str(response.headers.get("ETag", "") or ""))

    def delete(self, href: str, etag: str) -> bool:
        """Delete an event if it is still the version with ``etag``; False on a 412."""
        url = self.absolute(href)
        with _guard(url):
            response = self.client.delete(url, {"If-Match": etag} if etag else {})
        if response.status == 412:
            return False
        if response.status >= 300 and response.status != 404:
            raise PlannerError(_("{host} did not delete {url} ({status})").format(
                host=host_of(url), url=url, status=response.status))
        return True


def _last_segment(url: str) -> str:
    return unquote(url.rstrip("/").rpartition("/")[2])


def fetch_subscription(url: str, etag: str = "", user: str = "", password: str | None = None,
                       *, timeout: float = TIMEOUT) -> Subscription:
    """GET an .ics subscription; ``changed`` is False when the server says it has not changed."""
    import base64
    import urllib.error
    import urllib.request

    headers = {"User-Agent": "planner", "Accept": "text/calendar, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if user and password is not None:
        token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    request = urllib.request.Request(url, headers=headers)
    host = host_of(url)

    def get() -> Subscription:
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
                raw = response.read(MAX_ICS_BYTES + 1)
                new_etag = response.headers.get("ETag", "") or ""
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return Subscription(False, etag=etag)
            if exc.code in (401, 403):
                raise Refused(_("{host} refused access to {url}; check the address (a secret address "
                                     "may have been reset) or the password").format(host=host, url=url)) from None
            raise PlannerError(_("{host} answered {url} with {status}").format(
                host=host, url=url, status=exc.code)) from None
        if len(raw) > MAX_ICS_BYTES:
            raise PlannerError(_("{url} is larger than {mb} MB; planner subscribes to calendars up to that "
                                 "size").format(url=url, mb=MAX_ICS_BYTES // 1024 // 1024))
        return Subscription(True, raw.decode("utf-8-sig", errors="replace"), new_etag)

    with _guard(url):
        try:
            return _retrying(get)
        except urllib.error.URLError as exc:
            raise PlannerError(_("cannot reach {host} ({why}); nothing was changed").format(
                host=host, why=exc.reason)) from None
