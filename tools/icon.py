# SPDX-License-Identifier: GPL-3.0-or-later
"""Draw the app's icon (``resources/icons/inspector.png`` and, for Windows, ``inspector.ico``): a
sheet of minutes with a tick, on the blue of a badge. Run it again after changing the drawing."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
SIZE = 256
BLUE = (11, 94, 168, 255)
WHITE = (255, 255, 255, 255)
LINES = (190, 205, 220, 255)
GREEN = (46, 160, 67, 255)


def draw(size: int = SIZE) -> Image.Image:
    """The icon at ``size`` pixels (drawn at four times that, then scaled down, for smooth edges)."""
    big = size * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    unit = big / 16
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=3 * unit, fill=BLUE)
    sheet = (4 * unit, 2.5 * unit, 12 * unit, 13.5 * unit)
    pen.rounded_rectangle(sheet, radius=0.8 * unit, fill=WHITE)
    for row in range(4):  # the lines of the minutes
        y = (4.5 + 1.6 * row) * unit
        pen.rounded_rectangle((5.5 * unit, y, 10.5 * unit, y + 0.5 * unit), radius=0.25 * unit,
                              fill=LINES)  # fmt: skip
    tick = [(6.2 * unit, 11.2 * unit), (7.6 * unit, 12.6 * unit), (11.8 * unit, 8.2 * unit)]
    pen.line(tick, fill=GREEN, width=int(1.1 * unit), joint="curve")
    return image.resize((size, size), Image.Resampling.LANCZOS)


def main() -> None:
    folder = ROOT / "resources" / "icons"
    folder.mkdir(parents=True, exist_ok=True)
    icon = draw()
    icon.save(folder / "inspector.png")
    icon.save(folder / "inspector.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (256, 256)])


if __name__ == "__main__":
    main()
