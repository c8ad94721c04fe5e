// Every screen at phone (390×844) and laptop (1280×800) size, in Chinese and English, for a
// person to look at — and checked here for the two things that break most: nothing wider than
// the viewport, and the language switch actually switching.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { BASE, FIXTURES } from "../lib/env.mjs";
import { launch, screenshot } from "./browser.mjs";

const SIZES = [{ width: 390, height: 844 }, { width: 1280, height: 800 }];
const FAKE_CAMERA = new URL("./fake-camera.js", import.meta.url).pathname;

async function setLanguage(page, lang) {
  await page.goto(`${BASE}/`);
  await page.evaluate((l) => localStorage.setItem("wangban.lang", l), lang);
}

async function noOverflow(page, what) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 1, `${what}: content is ${wide}px wider than the viewport`);
}

async function latestCase(request) {
  const login = await request.post(`${BASE}/api/v1/review/login`, { data: { username: "officer02", password: "wangban-review-02" } });
  const cookie = login.headers()["set-cookie"].split(";")[0];
  const { cases } = await (await request.get(`${BASE}/api/v1/review/queue`, { headers: { cookie } })).json();
  const issued = cases.find((c) => c.status === "issued");
  assert.ok(issued, "the journeys issued a case before the screens are taken");
  return issued;
}

for (const lang of ["zh", "en"]) {
  for (const size of SIZES) {
    const tag = `${lang}-${size.width}`;
    test(`screens ${tag}`, async () => {
      const { context, page, errors } = await launch({ viewport: size, locale: lang === "en" ? "en-US" : "zh-CN" });
      try {
        await page.route("**/__fixtures/**", (route) => route.fulfill({ path: join(FIXTURES, "clips", new URL(route.request().url()).pathname.replace("/__fixtures/", "")) }));
        await page.addInitScript(() => { window.__fakeCamera = { base: "/__fixtures/astronaut/", mode: "read" }; });
        await page.addInitScript({ path: FAKE_CAMERA });
        await setLanguage(page, lang);
        await page.goto(`${BASE}/`);
        await page.waitForSelector(".service");
        assert.equal(await page.getAttribute("html", "lang"), lang === "en" ? "en" : "zh-CN");
        assert.match(await page.textContent("#catalogue-title"), lang === "en" ? /Choose a service/ : /选择业务/);
        await noOverflow(page, "catalogue");
        await screenshot(page, `screen-catalogue-${tag}`);

        await page.click('button[data-service="kinship_certificate"]');
        await page.waitForSelector("#apply:not([hidden])");
        await page.fill("#id-number", "330302199001011236");
        await page.waitForSelector("#id-error:not(:empty)");
        await noOverflow(page, "application");
        await screenshot(page, `screen-apply-invalid-id-${tag}`);

        await page.goto(`${BASE}/#house_purchase_settlement`);
        await page.waitForSelector("#related-row[hidden]", { state: "attached" });
        await page.fill("#id-number", "330102199003071249");
        await page.fill("#name", "王芳");
        await page.fill("#reason", "screens");
        await page.check("#consent");
        await page.click("#start");
        // The astronaut's photo smiles with her lips apart: before the digits she is asked to
        // relax, for a few seconds at most.
        await page.waitForSelector('#face-status[data-state="natural_expression"]', { timeout: 60_000 });
        assert.match(await page.textContent("#face-status"), lang === "en" ? /Relax your face/ : /请保持自然表情/);
        await screenshot(page, `screen-verify-relax-${tag}`);
        await page.waitForSelector('#face-status[data-state="ok"], #face-status[data-state="reading"]', { timeout: 60_000 });
        await noOverflow(page, "verification");
        await screenshot(page, `screen-verify-${tag}`);

        const c = await latestCase(context.request);
        await page.goto(`${BASE}/case#${c.case_id}`);
        await page.waitForSelector("#status:not(:empty)");
        await noOverflow(page, "case");
        await screenshot(page, `screen-case-${tag}`);

        await page.waitForSelector("#cert-verify[href]");
        await page.goto(await page.getAttribute("#cert-verify", "href"));
        await page.waitForSelector('#verdict[data-valid="true"]');
        await noOverflow(page, "certificate check");
        await screenshot(page, `screen-verify-certificate-${tag}`);

        await page.goto(`${BASE}/review/`);
        await page.waitForSelector("#queue-box:not([hidden]), #login:not([hidden])");
        await noOverflow(page, "review");
        await screenshot(page, `screen-review-${tag}`);
        assert.deepEqual(errors.filter((e) => !e.includes("401")), []);
      } finally {
        await context.close();
      }
    });
  }
}
