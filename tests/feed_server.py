"""A small HTTP server on loopback that serves an Arabic feed, its article pages and every fault the
feed reader must survive. Started and stopped by the tests themselves."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ARTICLE_1 = [
    "قتل 7 مدنيين بينهم طفلان، اليوم، جراء غارات جوية روسية على مدينة سراقب بريف إدلب الشرقي.",
    "وقال الدفاع المدني إن فرقه انتشلت الضحايا من تحت الأنقاض، وإن القصف استهدف سوقا شعبية وسط المدينة.",
    "وأضاف أن الغارات تسببت بدمار واسع في المحال التجارية والمنازل المحيطة بالسوق.",
]
ARTICLE_2 = [
    "اندلعت اشتباكات عنيفة بين فصائل المعارضة وقوات الأسد على جبهات ريف حماة الشمالي، اليوم.",
    "وأفاد ناشطون بمقتل 4 عناصر من قوات الأسد خلال المعارك قرب بلدة اللطامنة.",
    "وتشهد المنطقة تصعيدا عسكريا منذ أيام وسط قصف مدفعي متبادل بين الطرفين.",
]
UPDATED_1 = ARTICLE_1[:1] + ["وارتفعت حصيلة الضحايا لاحقا إلى 9 مدنيين بحسب الدفاع المدني."] + ARTICLE_1[1:]


def page(paragraphs: list[str], title: str = "خبر") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><meta charset='utf-8'><title>{title}</title></head><body><nav>الرئيسية | أخبار</nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>جميع الحقوق محفوظة</footer></body></html>"
    ).encode()


def rss(base: str, items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{t}</title><link>{base}{path}</link><guid>{base}{path}</guid>"
        f"<pubDate>Thu, 27 Jul 2017 08:00:00 GMT</pubDate></item>"
        for path, t in items
    )
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>شبكة اختبار</title>"
        f"<link>{base}/</link><description>اختبار</description>{entries}</channel></rss>"
    ).encode()


BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><rss version="2.0"><channel><title>&lol3;</title></channel></rss>"""


class FeedServer:
    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, dict, bytes] | str] = {}
        self.hits: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                route = server.routes.get(self.path)
                if route is None:
                    self.send_response(404)
                    self.end_headers()
                    return
                if route == "slow":
                    time.sleep(2)
                    route = (200, {}, b"late")
                status, headers, body = route
                if status == 200 and "ETag" in headers and self.headers.get("If-None-Match") == headers["ETag"]:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> FeedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def set(
        self, path: str, body: bytes, status: int = 200, content_type: str = "text/html; charset=utf-8", **headers: str
    ) -> None:
        self.routes[path] = (status, {"Content-Type": content_type, **headers}, body)
