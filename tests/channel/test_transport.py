"""The aiohttp transport under httpx against a real server: bodies, headers, errors."""

from __future__ import annotations

import asyncio
import gzip
import json
import socket
from typing import Any

import httpx
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from shop.channel.transport import AiohttpTransport


async def echo(request: web.Request) -> web.Response:
    body = await request.read()
    answer = {
        "method": request.method,
        "path": request.path_qs,
        "authorization": request.headers.get("Authorization"),
        "body": json.loads(body) if body else None,
    }
    return web.json_response(answer, status=201)


async def zipped(_request: web.Request) -> web.Response:
    data = gzip.compress("привет".encode())
    return web.Response(body=data, headers={"Content-Encoding": "gzip"})


async def slow(_request: web.Request) -> web.Response:
    await asyncio.sleep(2)
    return web.Response(text="late")


@pytest.fixture
async def server() -> Any:
    app = web.Application()
    app.router.add_route("*", "/echo", echo)
    app.router.add_get("/zipped", zipped)
    app.router.add_get("/slow", slow)
    server = TestServer(app)
    await server.start_server()
    yield server
    await server.close()


def client(base: str, timeout: float = 5.0) -> httpx.AsyncClient:
    timeouts = httpx.Timeout(timeout)
    return httpx.AsyncClient(
        base_url=base,
        headers={"Authorization": "Bearer t"},
        timeout=timeouts,
        transport=AiohttpTransport(limit=4, timeout=timeouts),
    )


async def test_a_json_post_and_its_answer_cross_intact(server: TestServer) -> None:
    async with client(str(server.make_url("/"))) as http:
        response = await http.post("echo?x=1", json={"text": "Здравствуйте"})
    assert response.status_code == 201
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {
        "method": "POST",
        "path": "/echo?x=1",
        "authorization": "Bearer t",
        "body": {"text": "Здравствуйте"},
    }


async def test_a_compressed_answer_is_decoded_once(server: TestServer) -> None:
    async with client(str(server.make_url("/"))) as http:
        response = await http.get("zipped")
    assert response.text == "привет"


async def test_a_slow_answer_is_an_httpx_timeout(server: TestServer) -> None:
    async with client(str(server.make_url("/")), timeout=0.2) as http:
        with pytest.raises(httpx.TimeoutException):
            await http.get("slow")


async def test_a_refused_connection_is_an_httpx_connect_error() -> None:
    with socket.socket() as sock:  # a port that was free a moment ago and has no listener
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with client(f"http://127.0.0.1:{port}/") as http:
        with pytest.raises(httpx.ConnectError):
            await http.get("anything")
