import Testing

@testable import StrataCore

@Suite struct SchemaDiffNormalTests {
    @Test func castsPrintedAfterARoundTripCompareEqual() {
        let first = "action::text = ANY (ARRAY['INSERT'::character varying, 'UPDATE'::character varying]::text[])"
        let again = "action::text = ANY (ARRAY['INSERT'::character varying::text, 'UPDATE'::character varying::text])"
        #expect(ExpressionNormal.text(first) == ExpressionNormal.text(again))
        #expect(ExpressionNormal.text(first) == "action = ANY (ARRAY['INSERT', 'UPDATE'])")
        #expect(ExpressionNormal.text("created_at::timestamp with time zone > now()") == "created_at > now()")
        #expect(ExpressionNormal.text("(price)::numeric(10,2) >= 0") == "(price) >= 0")
        #expect(ExpressionNormal.text("a > 0") != ExpressionNormal.text("a >= 0"))
    }
}
