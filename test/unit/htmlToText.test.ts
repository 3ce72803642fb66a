import { describe, expect, it } from "vitest";
import { htmlDocumentText } from "../../src/data/recipes/htmlToText.js";

describe("htmlDocumentText: a government page's document text", () => {
  it("keeps a govinfo-style order's body and its table, drops the page's navigation and scripts", () => {
    const page = `<html><head><script>var tracking = 1;</script></head><body>
      <header><a href="/">govinfo</a> <nav>Browse | Search</nav></header>
      <main><h2>Executive Order 99999 of January 1, 2099</h2>
      <p>Sec. 2. The rate of duty shall be <em>10 percent</em>.</p>
      <table><tr><th>Heading</th><th>Rate</th></tr><tr><td>9903.01.99</td><td>10%</td></tr></table></main>
      <footer>Contact | Privacy</footer></body></html>`;
    const text = htmlDocumentText(page, "eo-99999");
    expect(text).toContain("Executive Order 99999 of January 1, 2099");
    expect(text).toContain("Sec. 2. The rate of duty shall be 10 percent.");
    expect(text).toMatch(/Heading +Rate\n9903\.01\.99 +10%/);
    expect(text).not.toMatch(/govinfo|Browse|tracking|Privacy/);
  });

  it("names the dataset when the page has no text (an empty shell served in place of the document)", () => {
    expect(() => htmlDocumentText("<html><body><script>load()</script></body></html>", "csms-1 (https://x)")).toThrow(
      /^csms-1 \(https:\/\/x\): the page has no text in its body$/,
    );
  });
});
