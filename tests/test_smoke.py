def test_coc_page_renders(client, coc_page):
    response = client.get(coc_page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "conduct@pyharbour.example" in html
    assert 'href="tel:911"' in html
