<?php
/**
 * Plugin Name: Classic editor for the tests
 * Description: What the Classic Editor plugin does when a person picks the classic editor for a post (Debian does not ship that plugin): post-new.php?classic-editor and post.php?…&classic-editor open WordPress's own classic edit screen, TinyMCE's Visual tab and the Text tab, and saving it stays there.
 */

function sob_test_classic_requested() {
	return isset( $_GET['classic-editor'] ) || isset( $_POST['classic-editor'] );
}

add_filter( 'use_block_editor_for_post', function ( $use ) {
	return sob_test_classic_requested() ? false : $use;
}, 100 );

add_action( 'edit_form_top', function () {
	if ( sob_test_classic_requested() ) {
		echo '<input type="hidden" name="classic-editor" value="">';
	}
} );

add_filter( 'redirect_post_location', function ( $location ) {
	return sob_test_classic_requested() ? add_query_arg( 'classic-editor', '', $location ) : $location;
} );
