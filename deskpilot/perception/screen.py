"""What the guard reads off the screen: the text under a target point, and all the text the model sees."""

from __future__ import annotations

from PIL import Image

from deskpilot.perception.ocr import OCR, OcrLine

# The box read around a target point (screen pixels): wide enough for a button label or a menu item.
POINT_BOX = (180, 36)


class ScreenReader:
    """OCR for the guard. One per run; its band cache makes unchanged regions free to read again."""

    def __init__(self) -> None:
        self.ocr = OCR()

    def lines(self, image: Image.Image) -> list[OcrLine]:
        return self.ocr.read(image)

    def text_at(self, image: Image.Image, x: int, y: int) -> str:
        """The text of the line under (x, y), else of the nearest line in a small box around it."""
        half_w, half_h = POINT_BOX
        left, top = max(0, x - half_w), max(0, y - half_h)
        crop = image.crop((left, top, min(image.width, x + half_w), min(image.height, y + half_h)))
        lines = OCR(band=crop.height).read(crop)
        if not lines:
            return ""
        px, py = x - left, y - top

        def distance(line: OcrLine) -> float:
            x0, y0, x1, y1 = line.box
            return max(x0 - px, 0, px - x1) + max(y0 - py, 0, py - y1)

        return min(lines, key=distance).text
